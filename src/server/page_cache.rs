//! Rendered responses for signed-out readers, kept until the record changes.
//!
//! Public pages, charts, exports, feeds and the JSON API are the same for every
//! signed-out reader of one language, until the next save or the next day (a deadline
//! passes at midnight). So each such response is rendered once, compressed once (brotli
//! and gzip beside the plain bytes) and then served from memory with a strong `ETag`;
//! a matching `If-None-Match` gets `304 Not Modified`.
//!
//! **Validity.** The key holds the path and query, the reader's language, the `Host`
//! (only when links are built from it, i.e. without `PUBLIC_URL`), the plan's "today",
//! and the history's latest change set, read from the database for every request. Every
//! change to the record is a change set in the same transaction (the hash chain proves
//! it), so a save is visible at the very next request – also a save through another app
//! instance on the same database, or a catalogue import on the command line. No
//! in-process counter: two instances could not see each other's. The readers that
//! arrive while the question is under way wait for the next one, asked after they came,
//! and share its answer ([`LatestChangeSet`]): one small query at a time, however many
//! readers. An entry whose key is outdated is never looked up again and leaves by LRU.
//!
//! **Who.** A request with a session cookie (signed in, or a refused form kept in the
//! session) neither reads nor fills the cache. Responses are cached only when they are
//! `200`, set no cookie and do not forbid storing.
//!
//! **Proxies.** Cached responses say `Cache-Control: public, no-cache` and
//! `Vary: Accept-Encoding, Cookie`: a proxy or CDN in front may store them but asks
//! again each time (a cheap 304), never serves one language's page for the other (the
//! language is a cookie) and never serves a member's page to the public (signed-in
//! responses say `private, no-store`).
//!
//! **Misses under load.** The first request after a save finds no entry; the requests
//! for the same key that arrive while it renders wait for it and take its entry (one
//! render, not one per waiting reader; an answer that is not kept, such as a file larger
//! than a quarter of the budget, is rendered for each of them in turn). Renders of public pages run at most
//! [`RENDERS_AT_ONCE`] at a time: a page's reads take up to three of the pool's eight
//! connections at once, so more parallel renders could take all connections and wait
//! for each other; and on a small machine more at once are not done sooner, only use
//! more memory.
//!
//! **CSP nonce.** A page's nonce stays the same while its entry lives. It still cannot
//! be known before it is chosen: any stored text that could inject markup is a write,
//! and a write means a new entry with a new nonce; a query is part of the key, so an
//! address cannot carry the nonce of its own response.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::runtime::db::Pool;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;
use chrono::NaiveDate;
use lru::LruCache;

use super::security::{has_session_cookie, page_csp, PageNonce};
use crate::language::{locale_from_headers, Locale};
use crate::runtime::state::AppState;

/// Renders of public pages at the same time (see the module documentation).
pub const RENDERS_AT_ONCE: usize = 2;

/// The default byte budget (all encodings of all entries).
pub const DEFAULT_BUDGET_BYTES: usize = 32 * 1024 * 1024;

/// Addresses whose signed-out answers are the same for every reader of one language.
/// A plan's pages and files count below its slug (`/{plan}/zeitplan`); the site's own
/// pages as they are.
fn is_public(path: &str) -> bool {
    const SITE: [&str; 8] = [
        "/",
        "/vergleich",
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/leichte-sprache",
        "/api/v1/plaene.json",
        "/feeds/alle-plaene.atom",
    ];
    const PLAN: [&str; 7] = [
        "",
        "/zeitplan",
        "/aenderungen",
        "/berichte",
        "/pruefung",
        "/api/v1/plan.json",
        "/api/v1/historie.json",
    ];
    const PLAN_PREFIXES: [&str; 4] = ["/pakete/", "/grafik/", "/export/", "/feeds/"];
    if SITE.contains(&path) || path.starts_with("/grafik/vergleich") {
        return true;
    }
    let Some(slug) = crate::domain::paths::plan_of_path(path) else {
        return false;
    };
    let rest = &path[1 + slug.len()..];
    PLAN.contains(&rest) || PLAN_PREFIXES.iter().any(|p| rest.starts_with(p))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    locale: Locale,
    host: Option<String>,
    day: NaiveDate,
    change_set: i64,
}

/// One cached response: its headers and its body in each encoding.
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    /// Without quotes and without the encoding suffix.
    tag: String,
}

impl Entry {
    fn size(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum();
        self.identity.len()
            + self.brotli.as_ref().map_or(0, Bytes::len)
            + self.gzip.as_ref().map_or(0, Bytes::len)
            + headers
            + 256
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
            Encoding::Identity => "",
        }
    }
}

/// Whether `Accept-Encoding` accepts `coding` (present and not `q=0`).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                let p = p.trim().replace(' ', "");
                p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

fn compressible(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/")
                || t.starts_with("image/svg")
                || t.contains("json")
                || t.contains("xml")
        })
}

fn brotli(bytes: &[u8]) -> Option<Bytes> {
    // Quality 5: a few milliseconds for a large page, within a few per cent of the best.
    let mut out = Vec::with_capacity(bytes.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, 5, 22);
        writer.write_all(bytes).ok()?;
    }
    Some(Bytes::from(out))
}

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(6),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// A strong validator of the plain bytes (and of where they belong).
fn tag_of(key: &Key, bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    bytes.hash(&mut hasher);
    format!("{:016x}{:08x}", hasher.finish(), bytes.len())
}

/// The database's latest change set, asked for every request but by one question at a
/// time: a reader waits for a question begun after it arrived (so the answer holds every
/// save acknowledged before), and the readers that queued behind the same question share
/// its answer.
#[derive(Default)]
struct LatestChangeSet {
    /// Held while a question is under way.
    asking: tokio::sync::Mutex<()>,
    /// Questions begun so far.
    begun: AtomicU64,
    /// The number of the last question answered, and its answer.
    answered: Mutex<(u64, i64)>,
}

impl LatestChangeSet {
    /// `None` when the database does not answer: then nothing is looked up or kept.
    async fn get(&self, pool: &Pool) -> Option<i64> {
        let arrived = self.begun.load(Ordering::Acquire);
        // Dropped also when the request is dropped while waiting or asking.
        let _turn = self.asking.lock().await;
        let (number, latest) = *self.answered.lock().unwrap_or_else(|e| e.into_inner());
        if number > arrived {
            return Some(latest);
        }
        let number = self.begun.fetch_add(1, Ordering::AcqRel) + 1;
        let latest: Option<i64> =
            match sqlx::query_scalar("SELECT max(change_set) FROM history_entry")
                .fetch_one(pool)
                .await
            {
                Ok(latest) => latest,
                Err(err) => {
                    tracing::warn!(%err, "page cache: latest change set unknown");
                    return None;
                }
            };
        let latest = latest.unwrap_or(0);
        *self.answered.lock().unwrap_or_else(|e| e.into_inner()) = (number, latest);
        Some(latest)
    }
}

struct Store {
    entries: LruCache<Key, Arc<Entry>>,
    bytes: usize,
}

/// The cache of one server (see the module documentation).
pub struct PageCache {
    budget: usize,
    store: Mutex<Store>,
    latest: LatestChangeSet,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Keys being rendered, each with the gate its waiting readers queue at.
    rendering: Mutex<std::collections::HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
    renders: tokio::sync::Semaphore,
}

/// Counters for tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: usize,
    pub bytes: usize,
    pub hits: u64,
    pub misses: u64,
}

impl PageCache {
    /// `budget` bytes at most (0 turns the cache off).
    pub fn new(budget: usize) -> PageCache {
        PageCache {
            budget,
            store: Mutex::new(Store {
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
            latest: LatestChangeSet::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            rendering: Mutex::new(std::collections::HashMap::new()),
            renders: tokio::sync::Semaphore::new(RENDERS_AT_ONCE),
        }
    }

    /// The gate of `key`'s render: the first to hold it renders, the others wait.
    fn gate(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        rendering.entry(key.clone()).or_default().clone()
    }

    /// Forgets `key`'s gate once nobody holds or waits for it.
    fn release(&self, key: &Key, gate: Arc<tokio::sync::Mutex<()>>) {
        let mut rendering = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        // The map's reference and this one: nobody else has it.
        if Arc::strong_count(&gate) <= 2 {
            rendering.remove(key);
        }
    }

    pub fn stats(&self) -> CacheStats {
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        CacheStats {
            entries: store.entries.len(),
            bytes: store.bytes,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.entries.get(key).cloned()
    }

    fn put(&self, key: Key, entry: Arc<Entry>) {
        let size = entry.size();
        if size > self.budget / 4 {
            return;
        }
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = store.entries.put(key, entry) {
            store.bytes -= old.size();
        }
        store.bytes += size;
        while store.bytes > self.budget {
            match store.entries.pop_lru() {
                Some((_, old)) => store.bytes -= old.size(),
                None => break,
            }
        }
    }
}

/// The shared cache handle in the app state.
pub type SharedPageCache = Arc<PageCache>;

fn respond(entry: &Entry, request_headers: &HeaderMap, head: bool) -> Response<Body> {
    let encoding = if entry.brotli.is_some() && accepts(request_headers, "br") {
        Encoding::Brotli
    } else if entry.gzip.is_some() && accepts(request_headers, "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    };
    let etag = format!("\"{}{}\"", entry.tag, encoding.suffix());
    let not_modified = request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == etag
        });
    let body = match encoding {
        Encoding::Brotli => entry.brotli.clone(),
        Encoding::Gzip => entry.gzip.clone(),
        Encoding::Identity => None,
    }
    .unwrap_or_else(|| entry.identity.clone());
    let mut headers = entry.headers.clone();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if encoding != Encoding::Identity {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(if encoding == Encoding::Brotli {
                "br"
            } else {
                "gzip"
            }),
        );
    }
    let mut response = Response::new(Body::empty());
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        headers.remove(header::CONTENT_TYPE);
        headers.remove(header::CONTENT_ENCODING);
        headers.remove(header::CONTENT_DISPOSITION);
    } else {
        *response.status_mut() = entry.status;
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        if !head {
            *response.body_mut() = Body::from(body);
        }
    }
    *response.headers_mut() = headers;
    response
}

/// Whether a response may be kept for every signed-out reader.
fn storable(response: &Response<Body>) -> bool {
    let headers = response.headers();
    let no_store = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("no-store") || v.contains("private"));
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !no_store
}

/// Serves signed-out reads of public addresses from the cache, and fills it.
pub async fn serve_cached(
    State((state, cache)): State<(AppState, SharedPageCache)>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let method = request.method().clone();
    let public_read = (method == Method::GET || method == Method::HEAD)
        && is_public(request.uri().path())
        && !has_session_cookie(request.headers());
    if !public_read {
        return next.run(request).await;
    }
    let change_set = match cache.budget {
        0 => None,
        _ => cache.latest.get(&state.pool).await,
    };
    let Some(change_set) = change_set else {
        let _permit = cache.renders.acquire().await;
        return next.run(request).await;
    };
    let headers = request.headers();
    let key = Key {
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        locale: locale_from_headers(headers).unwrap_or_default(),
        host: state
            .public_url
            .is_none()
            .then(|| {
                headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .map(str::to_owned)
            })
            .flatten(),
        day: state.clock.today(),
        change_set,
    };
    let head = method == Method::HEAD;
    if let Some(entry) = cache.get(&key) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        return respond(&entry, headers, head);
    }
    if head {
        return next.run(request).await;
    }
    // One render per key: wait for one in progress, then take its entry.
    let gate = cache.gate(&key);
    let rendering = gate.clone().lock_owned().await;
    if let Some(entry) = cache.get(&key) {
        drop(rendering);
        cache.release(&key, gate);
        cache.hits.fetch_add(1, Ordering::Relaxed);
        return respond(&entry, request.headers(), false);
    }
    let answer = render(&cache, key.clone(), request, next).await;
    drop(rendering);
    cache.release(&key, gate);
    answer
}

/// Renders a public page (at most [`RENDERS_AT_ONCE`] at a time), answers and keeps it.
async fn render(cache: &PageCache, key: Key, mut request: Request, next: Next) -> Response<Body> {
    let _permit = cache.renders.acquire().await;
    // Kept to choose the encoding of the answer once the request has gone inward.
    let headers = request.headers().clone();
    cache.misses.fetch_add(1, Ordering::Relaxed);
    // Rendered plain; compressed here, once.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let nonce = request.extensions().get::<PageNonce>().cloned();
    let response = next.run(request).await;
    if !storable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Our handlers build their answers in memory; this only joins the pieces.
    let identity = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::warn!(%err, path = %key.path_and_query, "page cache: body unreadable");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return failed;
        }
    };
    let mut stored_headers = parts.headers;
    stored_headers.remove(header::CONTENT_LENGTH);
    stored_headers.remove(header::TRANSFER_ENCODING);
    let html = stored_headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !stored_headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // The page's scripts carry this request's nonce: every later reader of the
        // entry gets the policy that names it.
        if let Some(value) = nonce.and_then(|n| HeaderValue::from_str(&page_csp(&n.0)).ok()) {
            stored_headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    stored_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    stored_headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Cookie"),
    );
    let (brotli, gzip) = if compressible(&stored_headers) && identity.len() > 512 {
        let plain = identity.clone();
        tokio::task::spawn_blocking(move || (brotli(&plain), gzip(&plain)))
            .await
            .unwrap_or((None, None))
    } else {
        (None, None)
    };
    let entry = Arc::new(Entry {
        status: parts.status,
        tag: tag_of(&key, &identity),
        headers: stored_headers,
        identity,
        brotli,
        gzip,
    });
    let answer = respond(&entry, &headers, false);
    cache.put(key, entry);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn only_public_addresses_are_cached() {
        for path in [
            "/",
            "/potsdam",
            "/potsdam/pakete/3",
            "/potsdam/zeitplan",
            "/potsdam/grafik/zeitplan.svg",
            "/potsdam/export/meilensteine.csv",
            "/potsdam/feeds/termine.ics",
            "/potsdam/api/v1/plan.json",
            "/potsdam/api/v1/historie.json",
            "/potsdam/pruefung",
            "/api/v1/plaene.json",
            "/vergleich",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/anmelden",
            "/bearbeiten",
            "/potsdam/bearbeiten",
            "/potsdam/bearbeiten/pakete/3",
            "/pakete/3",
            "/verwaltung/sicherung",
            "/api/aenderungen",
            "/sprache/en",
            "/konto/passwort",
            "/pkg/umsetzungsmonitor.wasm",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts(
            &headers(&[("accept-encoding", "gzip, deflate, br")]),
            "br"
        ));
        assert!(accepts(
            &headers(&[("accept-encoding", "br;q=1.0, gzip;q=0.8")]),
            "gzip"
        ));
        assert!(!accepts(
            &headers(&[("accept-encoding", "br;q=0, gzip")]),
            "br"
        ));
        assert!(!accepts(&headers(&[("accept-encoding", "identity")]), "br"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn a_session_cookie_bypasses_the_cache_the_language_cookie_does_not() {
        use crate::server::security::SESSION_COOKIE;
        let signed_in = format!("sprache=en; {SESSION_COOKIE}=abc");
        let mut map = HeaderMap::new();
        map.insert(header::COOKIE, HeaderValue::from_str(&signed_in).unwrap());
        assert!(has_session_cookie(&map));
        assert!(!has_session_cookie(&headers(&[("cookie", "sprache=en")])));
    }

    fn entry(bytes: usize) -> Arc<Entry> {
        Arc::new(Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            identity: Bytes::from(vec![b'x'; bytes]),
            brotli: None,
            gzip: None,
            tag: String::new(),
        })
    }

    fn key(path: &str) -> Key {
        Key {
            path_and_query: path.to_owned(),
            locale: Locale::de,
            host: None,
            day: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            change_set: 1,
        }
    }

    #[test]
    fn the_byte_budget_holds_and_the_least_recently_used_leave() {
        let cache = PageCache::new(10_000);
        for i in 0..10 {
            cache.put(key(&format!("/{i}")), entry(2_000));
            assert!(cache.stats().bytes <= 10_000);
        }
        assert!(cache.get(&key("/9")).is_some());
        assert!(cache.get(&key("/0")).is_none(), "the oldest left");
        // Touching an entry keeps it.
        cache.get(&key("/6"));
        cache.put(key("/10"), entry(2_000));
        assert!(cache.get(&key("/6")).is_some());
        // Too large for a quarter of the budget: not stored.
        cache.put(key("/big"), entry(3_000));
        assert!(cache.get(&key("/big")).is_none());
    }

    #[test]
    fn brotli_and_gzip_round_trip() {
        use std::io::Read;
        let text = "Umsetzungsmonitor ".repeat(500);
        let br = brotli(text.as_bytes()).unwrap();
        let mut out = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        let gz = gzip(text.as_bytes()).unwrap();
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert!(br.len() < text.len() / 10);
    }
}
