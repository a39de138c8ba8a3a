//! Errors of the crawler. A failing URL is not an error of the crawl (it is counted and
//! logged); these are the failures that stop a crawl from starting or continuing.

use std::path::PathBuf;

/// Why a crawl could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error("cấu hình không hợp lệ: {0}")]
    Config(String),
    #[error("lỗi đọc/ghi {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("lỗi kho hàng đợi (frontier): {0}")]
    Frontier(String),
    #[error("không tạo được HTTP client: {0}")]
    Client(String),
    #[error("không có gì để tiếp tục: {0}")]
    NothingToResume(String),
}

impl CrawlError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> CrawlError {
        CrawlError::Io {
            path: path.into(),
            source,
        }
    }
}

macro_rules! frontier_error_from {
    ($($t:ty),*) => {$(
        impl From<$t> for CrawlError {
            fn from(e: $t) -> Self {
                CrawlError::Frontier(e.to_string())
            }
        }
    )*};
}
frontier_error_from!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError,
    serde_json::Error
);
