//! The Host header check that stops DNS rebinding: a page on another site whose name is made to
//! resolve to 127.0.0.1 sends its own name as the Host, and is refused.

use std::net::IpAddr;

/// The names the server answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// The address the server is bound to.
    pub bound: IpAddr,
    pub port: u16,
}

impl AllowedHosts {
    /// Whether a request with this `Host` header may be answered: `localhost`, `127.0.0.1`,
    /// `[::1]` and the bound address, on the bound port. When bound to all interfaces, any IP
    /// address is accepted too (an address cannot be rebound; a name can).
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.unwrap_or(80) != self.port {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if name == "localhost" {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// Splits `name:port`, `[v6]:port`, `name` or `[v6]`; `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        return match after {
            "" => Some((name, None)),
            port => Some((name, Some(port.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => Some((name, Some(port.parse().ok()?))),
        Some(_) => None,
        None => Some((host, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> AllowedHosts {
        AllowedHosts {
            bound: "127.0.0.1".parse().unwrap(),
            port: 4000,
        }
    }

    #[test]
    fn local_names_on_the_port_are_allowed() {
        for host in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LocalHost:4000",
            "[::1]:4000",
        ] {
            assert!(loopback().allows(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_ports_are_refused() {
        for host in [
            "evil.example:4000",
            "localhost.evil.example:4000",
            "127.0.0.1:4001",
            "localhost",
            "192.168.1.5:4000",
            "",
            "[::1",
            "[::1]x",
            "::1:4000",
            "localhost:port",
        ] {
            assert!(!loopback().allows(host), "{host}");
        }
    }

    #[test]
    fn all_interfaces_accept_addresses_but_not_names() {
        let all = AllowedHosts {
            bound: "0.0.0.0".parse().unwrap(),
            port: 80,
        };
        assert!(all.allows("192.168.1.5"));
        assert!(all.allows("192.168.1.5:80"));
        assert!(all.allows("[fe80::1]"));
        assert!(!all.allows("rebound.example"));
    }
}
