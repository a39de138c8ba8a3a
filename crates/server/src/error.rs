//! The one error type of the service, and its JSON shape `{"error": {"code", "message"}}`.
//!
//! Every handler returns `Result<_, ApiError>` so that a client always gets the same envelope
//! with the right status, whatever went wrong (bad parameter, unknown id, slow query, index fault).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Why a request failed. The message is Vietnamese (it is shown on the web page too).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is malformed or out of range.
    #[error("{0}")]
    BadRequest(String),
    /// The query is longer than the configured limit.
    #[error("truy vấn quá dài ({len} ký tự, tối đa {max})")]
    QueryTooLong { len: usize, max: usize },
    /// No such document, reference or agency.
    #[error("{0}")]
    NotFound(String),
    /// The search did not finish within its time budget.
    #[error("truy vấn mất quá nhiều thời gian (quá {0} ms), xin thử lại với truy vấn hẹp hơn")]
    Timeout(u64),
    /// The index failed; the details are logged, not shown.
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

impl ApiError {
    /// HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::QueryTooLong { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine code, for clients that branch on the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::QueryTooLong { .. } => "query_too_long",
            ApiError::NotFound(_) => "not_found",
            ApiError::Timeout(_) => "timeout",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The JSON body of this error.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
            },
        }
    }
}

impl From<tracuu_index::SearchError> for ApiError {
    fn from(error: tracuu_index::SearchError) -> Self {
        match error {
            tracuu_index::SearchError::BadQuery(_) => ApiError::BadRequest(error.to_string()),
            tracuu_index::SearchError::TooLong { len, max } => ApiError::QueryTooLong { len, max },
            tracuu_index::SearchError::Index(e) => e.into(),
        }
    }
}

impl From<tracuu_index::IndexError> for ApiError {
    fn from(error: tracuu_index::IndexError) -> Self {
        tracing::error!(%error, "index failure");
        ApiError::Internal("chỉ mục không trả lời được".to_string())
    }
}

/// Every `code` the service sends: `ApiError::code`'s and those of the layers' answers
/// (`app.rs`: 405, 413, timeouts, the concurrency limit). Documented on `ErrorDetail::code`;
/// a test checks that the OpenAPI text names each one.
pub const ERROR_CODES: &[&str] = &[
    "bad_request",
    "query_too_long",
    "not_found",
    "method_not_allowed",
    "timeout",
    "internal",
    "payload_too_large",
    "overloaded",
];

/// `{"error": {...}}`
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for a program (`code`) and for a person (`message`).
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// One of `bad_request`, `query_too_long`, `not_found`, `method_not_allowed`, `timeout`,
    /// `internal`, `payload_too_large`, `overloaded` (the list is `ERROR_CODES`).
    pub code: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status(), axum::Json(self.body())).into_response()
    }
}

/// A JSON error response with an arbitrary status, for the layers (panic, timeout, body limit)
/// whose failures are not `ApiError`s.
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message: message.to_string(),
        },
    };
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_kind_of_error() {
        assert_eq!(ApiError::BadRequest("x".into()).status(), 400);
        assert_eq!(
            ApiError::QueryTooLong {
                len: 2000,
                max: 1000
            }
            .status(),
            400
        );
        assert_eq!(ApiError::NotFound("x".into()).status(), 404);
        assert_eq!(ApiError::Timeout(50).status(), 503);
        let body = serde_json::to_value(ApiError::Timeout(50).body()).unwrap();
        assert_eq!(body["error"]["code"], "timeout");
        assert!(body["error"]["message"].as_str().unwrap().contains("50 ms"));
    }

    #[test]
    fn every_code_is_documented_in_the_schema() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_string(&ErrorDetail::schema()).unwrap();
        for code in ERROR_CODES {
            assert!(schema.contains(&format!("`{code}`")), "{code} in {schema}");
        }
        for e in [
            ApiError::BadRequest(String::new()),
            ApiError::QueryTooLong { len: 2, max: 1 },
            ApiError::NotFound(String::new()),
            ApiError::Timeout(1),
            ApiError::Internal(String::new()),
        ] {
            assert!(ERROR_CODES.contains(&e.code()), "{}", e.code());
        }
    }

    #[test]
    fn index_query_errors_become_400() {
        let e: ApiError = tracuu_index::SearchError::BadQuery("(".into()).into();
        assert_eq!(e.status(), 400);
        let e: ApiError = tracuu_index::SearchError::TooLong { len: 5, max: 4 }.into();
        assert_eq!(e.code(), "query_too_long");
    }
}
