// A Hop3 sample app: a std-only HTTP server answering on $PORT, with one crate (itoa) so
// that builds go through the crates.io registry and the app's Cargo cache.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    // Hop3 sets HOST to 127.0.0.1: the proxy is the way in.
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_string());
    let listener = TcpListener::bind(format!("{host}:{port}")).expect("cannot listen on $HOST:$PORT");
    eprintln!("rust-app listening on port {port}");
    let mut served: u64 = 0;
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        served += 1;
        let mut count = itoa::Buffer::new();
        let body = format!("Hello from rust-app (request {})\n", count.format(served));
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body.as_bytes());
    }
}
