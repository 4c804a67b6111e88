//! A real SMTP listener on a free loopback port (mailin-embedded), keeping every message it
//! accepts, for tests that read back what Accord mailed.
#![allow(dead_code)] // each test file uses part of it

use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Inbox {
    messages: Arc<Mutex<Vec<String>>>,
    /// The message being received. Not shared: the server clones the handler for each
    /// connection, so messages arriving at once over several connections stay apart.
    current: Vec<u8>,
}

impl mailin_embedded::Handler for Inbox {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = std::mem::take(&mut self.current);
        // What a mail client shows: quoted-printable soft breaks and escapes undone.
        let text = String::from_utf8_lossy(&message)
            .replace("=\r\n", "")
            .replace("=3D", "=");
        self.messages.lock().unwrap().push(text);
        mailin_embedded::response::OK
    }
}

impl Inbox {
    /// Listens on 127.0.0.1; returns the inbox and its `smtp://` URL.
    pub fn start() -> (Self, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let inbox = Self::default();
        let mut server = mailin_embedded::Server::new(inbox.clone());
        server
            .with_name("inbox.e2e.example")
            .with_tcp_listener(listener);
        // The listener thread ends with the test process.
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        (inbox, url)
    }

    /// Waits up to ten seconds for `n` messages.
    pub fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("expected {n} messages, got {:?}", self.messages());
    }

    /// Every message so far.
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
}

/// The address a message's `To:` header names.
pub fn to(message: &str) -> String {
    message
        .lines()
        .find_map(|l| l.strip_prefix("To: "))
        .map(|t| {
            t.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
        .unwrap_or_else(|| panic!("no To: header in {message}"))
}
