//! Which client sent a request, for throttling and the audit log.
//!
//! Behind a reverse proxy (needed for HTTPS) every connection comes from the proxy, so the
//! client is named in `X-Forwarded-For`. That header is trusted only from the proxies the
//! operator lists (`--vertrauenswuerdige-proxies`); from anyone else it is ignored, since a
//! client can send any text there.

use std::net::{IpAddr, Ipv6Addr};

use ipnet::IpNet;

/// A list entry: `10.0.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
pub fn parse_proxy(entry: &str) -> Result<IpNet, String> {
    let entry = entry.trim();
    entry
        .parse::<IpNet>()
        .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| {
            format!("„{entry}“ ist keine IP-Adresse und kein Netz (z. B. 10.0.0.1 oder 10.0.0.0/8)")
        })
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the connection's peer, or – if the peer is a trusted proxy – the
/// nearest address in `X-Forwarded-For` (read from the right) that is not a trusted proxy.
///
/// `forwarded_for` are the header's values in the order received (several header lines
/// count as one list).
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded_for: impl IntoIterator<Item = &'a str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(&ip));
    let mut client = canonical(peer);
    if !is_trusted(client) {
        return client;
    }
    let hops: Vec<&str> = forwarded_for
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        // An entry the proxy did not write as an address: stop at the last one we trust.
        let Ok(ip) = hop.parse::<IpAddr>().map(canonical) else {
            break;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

/// The key a client is throttled by: an IPv4 address, or the /64 network of an IPv6
/// address (one household or device gets a whole /64, so single IPv6 addresses are free).
pub fn network_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let network = Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            );
            format!("{network}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies() -> Vec<IpNet> {
        ["127.0.0.1", "10.0.0.0/8"]
            .iter()
            .map(|e| parse_proxy(e).unwrap())
            .collect()
    }

    #[test]
    fn without_a_trusted_proxy_the_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(
            client_ip(ip("203.0.113.9"), ["198.51.100.1"], &proxies()),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["198.51.100.1"], &[]),
            ip("127.0.0.1"),
            "no proxies configured: the header is ignored"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = proxies();
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["198.51.100.1"], &trusted),
            ip("198.51.100.1")
        );
        // The client forged an entry on the left; the proxy appended the real one.
        assert_eq!(
            client_ip(
                ip("127.0.0.1"),
                ["1.2.3.4, 198.51.100.1, 10.1.1.1"],
                &trusted
            ),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["1.2.3.4", "198.51.100.1"], &trusted),
            ip("198.51.100.1"),
            "several header lines are one list"
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["unbekannt, 10.1.1.1"], &trusted),
            ip("10.1.1.1"),
            "garbage stops the walk at the last trusted hop"
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), std::iter::empty(), &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), ["2001:db8::1"], &trusted),
            ip("2001:db8::1"),
            "an IPv4 peer seen as IPv6 is the same peer"
        );
    }

    #[test]
    fn ipv6_clients_are_throttled_per_64_network() {
        assert_eq!(
            network_key(ip("2001:db8:1:2:aaaa::1")),
            network_key(ip("2001:db8:1:2:bbbb::2"))
        );
        assert_ne!(
            network_key(ip("2001:db8:1:2::1")),
            network_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(network_key(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_eq!(network_key(ip("203.0.113.9")), "203.0.113.9");
        assert_eq!(network_key(ip("::ffff:203.0.113.9")), "203.0.113.9");
    }

    #[test]
    fn proxy_entries_are_addresses_or_networks() {
        assert!(parse_proxy("10.0.0.1").unwrap().contains(&ip("10.0.0.1")));
        assert!(parse_proxy(" fd00::/8 ").unwrap().contains(&ip("fd12::1")));
        assert!(parse_proxy("proxy.example").is_err());
        assert!(parse_proxy("10.0.0.0/33").is_err());
    }
}
