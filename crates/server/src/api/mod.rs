//! The JSON API: one handler per endpoint, each annotated for the OpenAPI document.

pub mod model;

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use utoipa::OpenApi;

use crate::error::{ApiError, ErrorBody};
use crate::lookup;
use crate::params::{
    check_query_len, AnalyzeParams, ApiPath, ApiQuery, AssignmentParams, SearchParams,
};
use crate::state::AppState;
use model::*;

/// The OpenAPI document, generated from the handlers' annotations below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tracuu",
        description = "Tra cứu văn bản chính sách môi trường Việt Nam: search, documents, references, agencies, assignments."
    ),
    paths(
        search,
        document,
        reference,
        agencies,
        agency,
        assignments,
        analyze,
        healthz,
        metrics
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Search the documents.
#[utoipa::path(
    get,
    path = "/api/search",
    params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits with snippets and facets", body = SearchResults),
        (status = 400, description = "Bad parameter or query too long", body = ErrorBody),
        (status = 503, description = "The search took too long", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, ApiError> {
    let request = params.to_request(&state.limits)?;
    Ok(Json(state.search(request).await?.to_api()))
}

/// A document with its facts, near-duplicates, what it cites and what cites it.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The document", body = DocumentDetail),
        (status = 404, description = "No such document", body = ErrorBody),
        (status = 503, description = "The lookup took too long", body = ErrorBody),
    )
)]
pub async fn document(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DocumentDetail>, ApiError> {
    let detail = state
        .blocking(move |index| lookup::document_detail(index, &id))
        .await?;
    Ok(Json(detail))
}

/// A referenced document ("98-NQ/TU"): what the corpus says it is, and who cites it.
#[utoipa::path(
    get,
    path = "/api/references/{number}",
    params(("number" = String, Path, max_length = 1000, example = "98-NQ/TU", description = "Document number, e.g. 98-NQ/TU (the slash may be sent as is or as %2F)")),
    responses(
        (status = 200, description = "The reference and its citing documents, oldest first", body = ReferenceDetail),
        (status = 400, description = "Empty or too long number", body = ErrorBody),
        (status = 404, description = "No document cites this number", body = ErrorBody),
        (status = 503, description = "The lookup took too long", body = ErrorBody),
    )
)]
pub async fn reference(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<String>,
) -> Result<Json<ReferenceDetail>, ApiError> {
    check_query_len(&number, &state.limits)?;
    let detail = state
        .blocking(move |index| lookup::reference_detail(index, &number))
        .await?;
    Ok(Json(detail))
}

/// `GET /api/references/` (an empty number): the 400 the spec of `reference` promises. The
/// wildcard route does not match an empty segment, so without this the fallback's 404 answered.
pub async fn reference_without_number() -> ApiError {
    ApiError::BadRequest("thiếu số hiệu văn bản".to_string())
}

/// Every agency, with how many documents mention it.
#[utoipa::path(
    get,
    path = "/api/agencies",
    responses(
        (status = 200, description = "Agencies, most documents first", body = AgencyList),
        (status = 503, description = "The lookup took too long", body = ErrorBody),
    )
)]
pub async fn agencies(State(state): State<AppState>) -> Result<Json<AgencyList>, ApiError> {
    let agencies = state.blocking(lookup::agency_list).await?;
    Ok(Json(AgencyList { agencies }))
}

/// An agency and its assignments, newest first.
#[utoipa::path(
    get,
    path = "/api/agencies/{id}",
    params(("id" = String, Path, description = "Agency id, e.g. so-tnmt/lang-son")),
    responses(
        (status = 200, description = "The agency and its assignments", body = AgencyDetail),
        (status = 404, description = "No such agency", body = ErrorBody),
        (status = 503, description = "The lookup took too long", body = ErrorBody),
    )
)]
pub async fn agency(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AgencyDetail>, ApiError> {
    let detail = state
        .blocking(move |index| lookup::agency_detail(index, &id))
        .await?;
    Ok(Json(detail))
}

/// Who owns this task: assignments ranked by how well their task matches.
#[utoipa::path(
    get,
    path = "/api/assignments",
    params(AssignmentParams),
    responses(
        (status = 200, description = "Ranked assignments with agency, role, assigner and source", body = AssignmentResults),
        (status = 400, description = "Bad parameter or query too long", body = ErrorBody),
        (status = 503, description = "The search took too long", body = ErrorBody),
    )
)]
pub async fn assignments(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AssignmentParams>,
) -> Result<Json<AssignmentResults>, ApiError> {
    let (query, limit) = params.validate(&state.limits)?;
    let q = query.clone();
    let assignments = state
        .blocking(move |index| lookup::assignment_search(index, &q, limit))
        .await?;
    Ok(Json(AssignmentResults { query, assignments }))
}

/// Tokens of every analyzer for a text (the output of `tracuu analyze --json`).
#[utoipa::path(
    get,
    path = "/api/analyze",
    params(AnalyzeParams),
    responses(
        (status = 200, description = "Analyzer name to tokens", body = BTreeMap<String, Vec<Token>>),
        (status = 400, description = "Missing or too long text", body = ErrorBody),
    )
)]
pub async fn analyze(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AnalyzeParams>,
) -> Result<Json<BTreeMap<String, Vec<Token>>>, ApiError> {
    check_query_len(&params.text, &state.limits)?;
    Ok(Json(analyze_text(&params.text)))
}

/// Every analyzer's tokens of `text`, keyed by analyzer name.
pub fn analyze_text(text: &str) -> BTreeMap<String, Vec<Token>> {
    tracuu_text::analyzer_names()
        .iter()
        .map(|name| {
            let tokens = tracuu_text::analyze(name, text)
                .unwrap_or_default()
                .into_iter()
                .map(|t| Token {
                    text: t.text,
                    position: t.position,
                    from: t.from,
                    to: t.to,
                })
                .collect();
            (name.to_string(), tokens)
        })
        .collect()
}

/// Liveness and index size.
#[utoipa::path(
    get,
    path = "/healthz",
    responses((status = 200, description = "Service is up", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".to_string(),
        documents: state.index.num_docs(),
    })
}

/// Prometheus metrics (text exposition format).
#[utoipa::path(
    get,
    path = "/metrics",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"))
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let docs = i64::try_from(state.index.num_docs()).unwrap_or(i64::MAX);
    state.metrics.index_documents.set(docs);
    let cached = i64::try_from(state.cache.bytes()).unwrap_or(i64::MAX);
    state.metrics.cache_bytes.set(cached);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.encode(),
    )
}

/// JSON 404 for unknown API paths.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("không có đường dẫn này".to_string())
}
