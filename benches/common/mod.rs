//! Shared by the benches: a plain timed loop and one line of figures per case.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` repeatedly for about `budget`, returns (runs, median, p90, min).
pub fn measure(
    budget: Duration,
    mut f: impl FnMut() -> usize,
) -> (usize, Duration, Duration, Duration) {
    for _ in 0..3 {
        black_box(f());
    }
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 10 {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (times.len(), at(0.5), at(0.9), times[0])
}

pub fn report(
    name: &str,
    bytes: usize,
    (runs, median, p90, min): (usize, Duration, Duration, Duration),
) {
    println!(
        "{name:<44} median {:>9.3} ms  p90 {:>9.3} ms  min {:>9.3} ms  ({runs} runs, {:.1} KB)",
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        bytes as f64 / 1024.0
    );
}
