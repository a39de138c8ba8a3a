//! The router: routes of the API and the page, and the layers that keep the service up.

use std::any::Any;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

use axum::extract::State;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::json_error;
use crate::state::AppState;
use crate::{api, metrics, web};

/// Every route of the service, without layers. Ids and numbers are wildcard segments because
/// they contain slashes ("98-NQ/TU", "so-tnmt/lang-son").
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(api::search))
        .route("/api/documents/{*id}", get(api::document))
        .route("/api/references/", get(api::reference_without_number))
        .route("/api/references/{*number}", get(api::reference))
        .route("/api/agencies", get(api::agencies))
        .route("/api/agencies/{*id}", get(api::agency))
        .route("/api/assignments", get(api::assignments))
        .route("/api/analyze", get(api::analyze))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .merge(web::routes())
}

/// The whole service: `routes()` with its layers.
pub fn app(state: AppState) -> Router {
    with_layers(routes(), state)
}

/// Wraps `routes` in the service's layers (outermost first): tracing, metrics, JSON errors,
/// panic catching, request timeout, global concurrency limit, body limit.
///
/// Public so that tests can add routes (a panicking or slow handler) under the same layers.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let limits = Arc::clone(&state.limits);
    let layers = ServiceBuilder::new()
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout(),
        ))
        .layer(middleware::from_fn_with_state(
            Arc::new(Semaphore::new(limits.concurrency)),
            limit_concurrency,
        ))
        .layer(RequestBodyLimitLayer::new(limits.body_limit_bytes));
    routes
        .fallback(web::not_found)
        .layer(layers)
        .with_state(state)
}

/// A panic in a handler becomes a JSON 500; the connection and the service stay up.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("?");
    tracing::error!(panic = detail, "handler panicked");
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "lỗi nội bộ của máy chủ; yêu cầu đã bị hủy, dịch vụ vẫn hoạt động",
    )
}

/// Gives the bodiless error answers of the layers and of axum itself (timeout, body limit,
/// method not allowed) the same JSON envelope as the handlers' errors.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let typed = response.headers().contains_key(header::CONTENT_TYPE)
        && !response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || typed {
        return response;
    }
    let (code, message) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (
            "timeout",
            "yêu cầu mất quá nhiều thời gian hoặc máy chủ đang quá tải, xin thử lại sau",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "nội dung yêu cầu quá lớn"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "phương thức không được hỗ trợ"),
        StatusCode::NOT_FOUND => ("not_found", "không có đường dẫn này"),
        s if s.is_client_error() => ("bad_request", "yêu cầu không hợp lệ"),
        _ => ("internal", "lỗi nội bộ của máy chủ"),
    };
    let mut json = json_error(status, code, message);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        json.headers_mut().insert(header::ALLOW, allow.clone());
    }
    json
}

/// At most `limits.concurrency` requests are served at once; the others wait in line (inside
/// the request timeout, so a long wait ends in a 503, not a hang).
///
/// Why not tower's `GlobalConcurrencyLimitLayer`: its service holds a `PollSemaphore`, which
/// is not `Sync`, and axum's `from_fn` middlewares above it (metrics, JSON errors) require a
/// `Sync` inner service. One shared tokio semaphore does the same job.
async fn limit_concurrency(
    State(permits): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    match permits.acquire().await {
        Ok(_permit) => next.run(request).await,
        // Only if the semaphore were closed, which this service never does.
        Err(_) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "máy chủ đang quá tải",
        ),
    }
}
