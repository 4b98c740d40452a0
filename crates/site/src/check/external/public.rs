//! Which addresses `check --external` may request: only the public internet's. A playbook's
//! links are a stranger's when it is built in CI, and a request from the build machine to
//! `http://169.254.169.254/` (a cloud's metadata service, which hands out credentials),
//! `http://localhost:…` or a private network would let its answers, or their timing, be read
//! back. Every host is resolved and every address it has must be public, before the first
//! request and after each redirect.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};

/// Why `url` may not be requested, if it may not: its host resolves to an address that is not
/// on the public internet (nor in `allowed`). `None` also when the host cannot be resolved: the
/// request then reports that.
pub fn refusal(url: &str, allowed: &[IpAddr]) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let host = uri.host()?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
        Some("http") => 80,
        _ => 443,
    });
    let addresses: Vec<IpAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => (host, port)
            .to_socket_addrs()
            .ok()?
            .map(|a| a.ip())
            .collect(),
    };
    let private = addresses
        .iter()
        .find(|ip| !is_public(**ip) && !allowed.contains(ip))?;
    Some(format!(
        "not requested: `{host}` is {private}, a local or private address, which a build must not reach"
    ))
}

/// Whether `ip` is an address of the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // Benchmarking, 198.18.0.0/15, and the reserved 240.0.0.0/4.
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, documentation 2001:db8::/32.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first == 0x2001 && ip.segments()[1] == 0x0db8))
}

/// The address a redirect's `Location` names, relative to the address `from` it answered.
pub fn join(from: &str, location: &str) -> String {
    let location = location.trim();
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let (scheme, rest) = from.split_once("://").unwrap_or(("https", from));
    if let Some(authority_path) = location.strip_prefix("//") {
        return format!("{scheme}://{authority_path}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = rest[authority.len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let folder = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{scheme}://{authority}{folder}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_private_and_metadata_addresses_are_refused() {
        for url in [
            "http://127.0.0.1:8080/",
            "http://localhost/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/",
            "https://192.168.0.1/admin",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://0.0.0.0/",
            "http://100.100.100.200/",
        ] {
            assert!(refusal(url, &[]).is_some(), "{url}");
        }
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(refusal("http://127.0.0.1:9/", &[local]), None);
        for ip in [
            "93.184.215.14",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "1.1.1.1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn redirects_are_joined_to_the_address_they_answer() {
        let from = "https://example.org/docs/page?x=1";
        assert_eq!(join(from, "https://other.org/a"), "https://other.org/a");
        assert_eq!(
            join(from, "//cdn.example.org/a"),
            "https://cdn.example.org/a"
        );
        assert_eq!(join(from, "/new"), "https://example.org/new");
        assert_eq!(join(from, "next"), "https://example.org/docs/next");
        assert_eq!(join("http://example.org", "a"), "http://example.org/a");
    }
}
