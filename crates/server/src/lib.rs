//! The search service: JSON API and Vietnamese web page over a [`tracuu_index::SearchIndex`].
//!
//! In: a `SearchIndex` (shared, read while it may be ingesting) and a [`Config`]. Out: HTTP.
//! `app` builds the router (testable without a socket), `serve` binds and runs it until
//! SIGTERM or Ctrl-C, finishing the requests in flight.

pub mod api;
pub mod app;
pub mod cache;
pub mod config;
pub mod error;
mod lookup;
pub mod metrics;
pub mod params;
pub mod state;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tracuu_index::SearchIndex;

pub use app::{app, routes, with_layers};
pub use config::{Config, ConfigError, Limits};
pub use error::ApiError;
/// The order of agency lists (Vietnamese alphabetical), for clients and tests that check it.
pub use lookup::vietnamese_key;
pub use state::AppState;

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
    serve_with(index, addr, Limits::default()).await
}

/// Serves `index` on `addr` with `limits` until SIGTERM or Ctrl-C.
pub async fn serve_with(
    index: Arc<SearchIndex>,
    addr: SocketAddr,
    limits: Limits,
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    tracing::info!(
        "phục vụ tại http://{} ({} văn bản)",
        listener.local_addr()?,
        index.num_docs()
    );
    run(listener, AppState::new(index, limits), shutdown_signal()).await
}

/// Runs the service on an already bound listener until `shutdown` completes, then stops
/// accepting and waits for the requests in flight to finish (graceful shutdown).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Completes on SIGTERM (how service managers stop us) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("đang dừng: hoàn tất các yêu cầu đang xử lý");
}
