//! A minimal HTTP/1.1 keep-alive client over one `TcpStream`, for sequential timed requests:
//! no runtime, no pool, so what is timed is the server and the loopback.

use anyhow::{Context, bail};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

pub struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
    token: String,
}

pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> anyhow::Result<serde_json::Value> {
        Ok(serde_json::from_slice(&self.body)?)
    }

    /// Fails unless the status is 2xx, naming the status and the body.
    pub fn ok(self) -> anyhow::Result<Self> {
        if !(200..300).contains(&self.status) {
            bail!(
                "HTTP {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            );
        }
        Ok(self)
    }
}

impl Conn {
    /// A connection that sends `Authorization: Bearer token` with every request.
    pub fn open(addr: SocketAddr, token: &str) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(addr).with_context(|| format!("connect {addr}"))?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream: BufReader::with_capacity(64 * 1024, stream),
            host: addr.to_string(),
            token: token.to_owned(),
        })
    }

    pub fn get(&mut self, path: &str) -> anyhow::Result<Answer> {
        self.request("GET", path, None, &[])
    }

    pub fn post(
        &mut self,
        path: &str,
        body: &serde_json::Value,
        if_match: Option<u64>,
    ) -> anyhow::Result<Answer> {
        let tag = if_match.map(|v| format!("\"{v}\""));
        let headers: Vec<(&str, &str)> = tag.iter().map(|t| ("If-Match", t.as_str())).collect();
        self.request("POST", path, Some(&serde_json::to_vec(body)?), &headers)
    }

    fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> anyhow::Result<Answer> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n",
            self.host, self.token
        );
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        if let Some(b) = body {
            head += &format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            );
        }
        head += "\r\n";
        let out = self.stream.get_mut();
        out.write_all(head.as_bytes())?;
        if let Some(b) = body {
            out.write_all(b)?;
        }
        self.read_answer()
    }

    fn read_answer(&mut self) -> anyhow::Result<Answer> {
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("no HTTP status in {line:?}"))?;
        let mut length = None;
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let Some((name, value)) = l.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = Some(value.parse::<usize>()?),
                "transfer-encoding" => bail!("chunked answers are not supported by this client"),
                _ => {}
            }
        }
        let mut body = vec![0; length.context("an answer without Content-Length")?];
        self.stream.read_exact(&mut body)?;
        Ok(Answer { status, body })
    }
}
