//! The search service: JSON API and Vietnamese web page over a [`tracuu_index::SearchIndex`].
//!
//! SKELETON until the service issue lands.

use std::net::SocketAddr;
use std::sync::Arc;

use tracuu_index::SearchIndex;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Serves `index` on `addr` until SIGTERM or Ctrl-C.
pub async fn serve(index: Arc<SearchIndex>, addr: SocketAddr) -> Result<(), ServeError> {
    let _ = index;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let app = axum::Router::new().route("/healthz", axum::routing::get(|| async { "ok" }));
    axum::serve(listener, app).await?;
    Ok(())
}
