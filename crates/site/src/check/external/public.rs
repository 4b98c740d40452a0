//! Which addresses `check --external` may request: only the public internet's. A playbook's
//! links are a stranger's when it is built in CI, and a request from the build machine to
//! `http://169.254.169.254/` (a cloud's metadata service, which hands out credentials),
//! `http://localhost:…` or a private network would let its answers, or their timing, be read
//! back. Every host is resolved and every address it has must be public, for the first request
//! and after each redirect, by the resolver the requests connect with ([`PublicResolver`]).

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Resolves host names as ureq's own resolver does, then refuses (as a `PermissionDenied`
/// error naming the address) when any address is not public nor in `allowed`. ureq connects to
/// the addresses this returns, so the addresses checked are the ones connected to: a DNS answer
/// cannot change between the check and the connection.
#[derive(Debug)]
pub struct PublicResolver {
    inner: DefaultResolver,
    allowed: Vec<IpAddr>,
}

impl PublicResolver {
    pub fn new(allowed: Vec<IpAddr>) -> Self {
        Self {
            inner: DefaultResolver::default(),
            allowed,
        }
    }
}

impl Resolver for PublicResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addresses = self.inner.resolve(uri, config, timeout)?;
        let refused = addresses
            .iter()
            .map(|a| a.ip())
            .find(|ip| !is_public(*ip) && !self.allowed.contains(ip));
        match refused {
            Some(ip) => Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "not requested: `{}` is {ip}, a local or private address, which a build must not reach",
                    uri.host().unwrap_or_default()
                ),
            ))),
            None => Ok(addresses),
        }
    }
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
    fn local_private_and_metadata_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "169.254.169.254",
            "10.1.2.3",
            "192.168.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "100.100.100.200",
            "224.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
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
