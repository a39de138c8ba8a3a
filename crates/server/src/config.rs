//! Service configuration: a TOML file whose every key is optional, overridden by CLI flags.
//!
//! ```toml
//! addr = "127.0.0.1:8080"
//! index = "index"
//! corpus = "corpus"
//!
//! [limits]
//! max_query_chars = 1000
//! search_timeout_ms = 2000
//! request_timeout_ms = 10000
//! body_limit_bytes = 65536
//! concurrency = 256
//! max_limit = 100
//! max_offset = 10000
//! search_workers = 0   # 0: two per core
//! cache_entries = 10000
//! cache_bytes = 67108864   # 64 MiB of answers
//! cache_ttl_ms = 60000
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// Why a configuration file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

/// Everything the service can be told.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where to listen. Loopback by default: exposing the service is a deliberate choice.
    pub addr: SocketAddr,
    /// Index directory.
    pub index: PathBuf,
    /// Corpus indexed on first start when the index is empty.
    pub corpus: PathBuf,
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            index: PathBuf::from("index"),
            corpus: PathBuf::from("corpus"),
            limits: Limits::default(),
        }
    }
}

/// The bounds that keep one client from hurting the others.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Longest accepted query (characters); longer gets 400.
    pub max_query_chars: usize,
    /// Budget of one search, queueing included; over it the client gets 503.
    pub search_timeout_ms: u64,
    /// Budget of one whole request (tower-http timeout layer); over it 503.
    pub request_timeout_ms: u64,
    /// Largest accepted request body (the API only reads, so this is small).
    pub body_limit_bytes: usize,
    /// Requests served at once; more wait in line (tower concurrency limit).
    pub concurrency: usize,
    /// Largest `limit` of a page of results.
    pub max_limit: usize,
    /// Largest `offset`: deep paging costs the index a top-(offset+limit) collection.
    pub max_offset: usize,
    /// Index calls run at once; 0 means two per core.
    pub search_workers: usize,
    /// Search answers kept in the cache, about (0 disables it).
    pub cache_entries: usize,
    /// Bytes of answers kept in the cache, at most (0 disables it): the bound on its memory.
    pub cache_bytes: u64,
    /// Longest a cached answer is served (a commit adding documents invalidates it at once).
    pub cache_ttl_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_chars: 1000,
            search_timeout_ms: 2000,
            request_timeout_ms: 10_000,
            body_limit_bytes: 64 * 1024,
            concurrency: 256,
            max_limit: 100,
            max_offset: 10_000,
            search_workers: 0,
            cache_entries: 10_000,
            cache_bytes: 64 << 20,
            cache_ttl_ms: 60_000,
        }
    }
}

impl Limits {
    pub fn search_timeout(&self) -> Duration {
        Duration::from_millis(self.search_timeout_ms)
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

impl Config {
    /// Parses a TOML configuration.
    pub fn from_toml(text: &str, path: &str) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|source| ConfigError::Parse {
            path: path.to_string(),
            source,
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a TOML configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::from_toml(&text, &path.display().to_string())
    }

    /// Refuses limits that would make the service useless rather than failing later.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let l = &self.limits;
        if l.concurrency == 0 {
            return Err(ConfigError::Invalid(
                "limits.concurrency must be at least 1".into(),
            ));
        }
        if l.max_limit == 0 || l.max_query_chars == 0 {
            return Err(ConfigError::Invalid(
                "limits.max_limit and limits.max_query_chars must be at least 1".into(),
            ));
        }
        if l.request_timeout_ms == 0 {
            return Err(ConfigError::Invalid(
                "limits.request_timeout_ms must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_loopback_defaults() {
        let c = Config::from_toml("", "x.toml").unwrap();
        assert_eq!(c, Config::default());
        assert!(c.addr.ip().is_loopback());
    }

    #[test]
    fn keys_override_defaults() {
        let c = Config::from_toml(
            "addr = \"127.0.0.1:9999\"\nindex = \"/tmp/i\"\n[limits]\nmax_query_chars = 20\n",
            "x.toml",
        )
        .unwrap();
        assert_eq!(c.addr.port(), 9999);
        assert_eq!(c.index, PathBuf::from("/tmp/i"));
        assert_eq!(c.limits.max_query_chars, 20);
        assert_eq!(c.limits.max_limit, 100);
    }

    #[test]
    fn typos_and_bad_values_are_refused() {
        assert!(Config::from_toml("adr = \"127.0.0.1:1\"", "x.toml").is_err());
        assert!(Config::from_toml("addr = \"nowhere\"", "x.toml").is_err());
        assert!(Config::from_toml("[limits]\nconcurrency = 0", "x.toml").is_err());
    }
}
