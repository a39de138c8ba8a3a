//! Query parameters of the API and the page, their validation, and extractors that turn
//! axum's rejections into our JSON 400 (axum's own are plain text).

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracuu_extract::DocumentKind;
use tracuu_index::{SearchRequest, Sort};
use utoipa::IntoParams;

use crate::config::Limits;
use crate::error::ApiError;

/// `Query<T>` whose failures are `ApiError::BadRequest` with a Vietnamese message naming the
/// parameter. Why not `Query<T>`'s own text: it is serde's English ("invalid digit found in
/// string", "premature end of input"), and it ends up on the Vietnamese page.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or(""), Fields::AsSent).map(ApiQuery)
    }
}

/// [`ApiQuery`] for the page's forms: a field left empty is a parameter not given. Why not in
/// the API too: there an empty date or number contradicts the OpenAPI document (schemathesis
/// flags it as a schema-violating request accepted), and a client sends what it means.
pub struct FormQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for FormQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or(""), Fields::EmptyIsAbsent).map(FormQuery)
    }
}

/// How empty parameters are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// As sent: an empty date or number is an error (the API).
    AsSent,
    /// An empty parameter is one not given (an HTML form's untouched field).
    EmptyIsAbsent,
}

/// Deserializes a query string, turning serde's failure into a message about the parameter.
pub fn parse_query<T: DeserializeOwned>(query: &str, fields: Fields) -> Result<T, ApiError> {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|_| ApiError::BadRequest("chuỗi tham số không đọc được".to_string()))?;
    if fields == Fields::EmptyIsAbsent {
        pairs.retain(|(_, value)| !value.trim().is_empty());
    }
    let map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    serde_path_to_error::deserialize(map).map_err(|e| {
        let field = e.path().to_string();
        ApiError::BadRequest(query_error_message(&field, &e.inner().to_string()))
    })
}

/// The Vietnamese message for a failed parameter. `field` is serde's path to it ("." when the
/// failure is about the whole set: a missing or repeated parameter); `inner` is the message of
/// our field deserializers below (already Vietnamese) or serde's own for missing/duplicate
/// fields, whose form ("missing field `text`") is fixed by `serde::de::Error`.
fn query_error_message(field: &str, inner: &str) -> String {
    let quoted = inner.split('`').nth(1);
    if inner.starts_with("duplicate field") {
        let name = quoted.unwrap_or(field);
        return format!("tham số \"{name}\" xuất hiện hai lần");
    }
    if inner.starts_with("missing field") {
        let name = quoted.unwrap_or(field);
        return format!("thiếu tham số \"{name}\"");
    }
    if field.is_empty() || field == "." {
        return "tham số không hợp lệ".to_string();
    }
    format!("tham số \"{field}\" {inner}")
}

/// Deserializer of an optional free-text parameter (a query, an agency, a place): absent or
/// empty is `None`, as the OpenAPI document allows any string.
fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = String::deserialize(d)?;
    Ok(Some(value).filter(|v| !v.trim().is_empty()))
}

/// Parses an optional parameter with `parse` (an empty value is an error, see [`FormQuery`]);
/// `expected` says in Vietnamese what was wanted (shown after the parameter's name).
fn opt_parsed<'de, D, T>(
    d: D,
    expected: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = String::deserialize(d)?;
    match parse(value.trim()) {
        Some(parsed) => Ok(Some(parsed)),
        None => Err(serde::de::Error::custom(format!(
            "{expected} (nhận {value:?})"
        ))),
    }
}

/// A code out of a list (a kind, a sort order): never empty; which codes are valid is checked
/// with the other parameters.
fn opt_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_parsed(d, "không được để trống", |v| {
        (!v.is_empty()).then(|| v.to_string())
    })
}

fn opt_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    opt_parsed(d, "phải là số nguyên không âm", |v| v.parse().ok())
}

fn opt_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    opt_parsed(d, "phải là số nguyên (năm)", |v| v.parse().ok())
}

fn opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    opt_parsed(
        d,
        "không phải ngày hợp lệ: cần dạng YYYY-MM-DD",
        |v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok(),
    )
}

/// `Path<T>` whose failures are `ApiError::BadRequest`.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|_| ApiError::BadRequest("đường dẫn không hợp lệ".to_string()))
    }
}

/// Parameters of `GET /api/search` and of the search page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, PartialEq)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query, with or without diacritics (at most 1,000 characters by default).
    #[param(max_length = 1000)]
    #[serde(default, deserialize_with = "opt_text")]
    pub q: Option<String>,
    /// Kind of document.
    #[param(
        pattern = "^(news|directive|resolution|official_letter|decision|conclusion|legal_text|other)$"
    )]
    #[serde(default, deserialize_with = "opt_code")]
    pub kind: Option<String>,
    /// Agency id (e.g. "so-tnmt/lang-son").
    #[serde(default, deserialize_with = "opt_text")]
    pub agency: Option<String>,
    /// Province or place.
    #[serde(default, deserialize_with = "opt_text")]
    pub place: Option<String>,
    /// Topic id (e.g. "chat-thai").
    #[serde(default, deserialize_with = "opt_text")]
    pub topic: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default, deserialize_with = "opt_date")]
    pub from: Option<NaiveDate>,
    /// Published on or before (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    #[serde(default, deserialize_with = "opt_date")]
    pub to: Option<NaiveDate>,
    /// Published in this year (shorthand for from/to).
    #[param(minimum = 1900, maximum = 2100)]
    #[serde(default, deserialize_with = "opt_year")]
    pub year: Option<i32>,
    /// relevance (default) or date (newest first).
    #[param(pattern = "^(relevance|date)$")]
    #[serde(default, deserialize_with = "opt_code")]
    pub sort: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "opt_count")]
    pub limit: Option<usize>,
    /// Hits to skip (at most 10,000).
    #[param(minimum = 0, maximum = 10000)]
    #[serde(default, deserialize_with = "opt_count")]
    pub offset: Option<usize>,
}

impl SearchParams {
    /// The query as given, or "".
    pub fn query(&self) -> &str {
        self.q.as_deref().unwrap_or("")
    }

    /// Validates and turns the parameters into an index request.
    pub fn to_request(&self, limits: &Limits) -> Result<SearchRequest, ApiError> {
        // Counted before trimming: the documented limit is on the parameter as sent.
        check_query_len(self.query(), limits)?;
        let query = self.query().trim().to_string();
        let kind = non_empty(&self.kind);
        if let Some(kind) = &kind {
            if DocumentKind::parse(kind).is_none() {
                return Err(ApiError::BadRequest(format!(
                    "loại văn bản không hợp lệ: {kind:?} (news, directive, resolution, \
                     official_letter, decision, conclusion, legal_text, other)"
                )));
            }
        }
        let sort = match self.sort.as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "cách sắp xếp không hợp lệ: {other:?} (relevance hoặc date)"
                )))
            }
        };
        let limit = self.limit.unwrap_or(10);
        if limit == 0 || limit > limits.max_limit {
            return Err(ApiError::BadRequest(format!(
                "limit phải từ 1 đến {} (nhận {limit})",
                limits.max_limit
            )));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > limits.max_offset {
            return Err(ApiError::BadRequest(format!(
                "offset tối đa {} (nhận {offset})",
                limits.max_offset
            )));
        }
        let (mut from, mut to) = (self.from, self.to);
        if let Some(year) = self.year {
            let first = NaiveDate::from_ymd_opt(year, 1, 1);
            let last = NaiveDate::from_ymd_opt(year, 12, 31);
            if !(1900..=2100).contains(&year) || first.is_none() || last.is_none() {
                return Err(ApiError::BadRequest(format!("năm không hợp lệ: {year}")));
            }
            from = from.max(first);
            to = match to {
                Some(t) => Some(t.min(last.unwrap_or(t))),
                None => last,
            };
        }
        let (from, to) = (from.map(clamp_date), to.map(clamp_date));
        // `from` after `to` is an empty range, not an error: it is a well-formed question
        // whose answer is "nothing", as a year filter outside from/to is.
        Ok(SearchRequest {
            query,
            kind,
            agency: non_empty(&self.agency),
            place: non_empty(&self.place),
            topic: non_empty(&self.topic),
            from,
            to,
            sort,
            limit,
            offset,
        })
    }
}

/// Earliest and latest dates passed to the index.
const FIRST_DATE: (i32, u32, u32) = (1900, 1, 1);
const LAST_DATE: (i32, u32, u32) = (2199, 12, 31);

/// Brings a filter date into 1900–2199. Why: the index stores dates as nanoseconds since 1970
/// in an i64 (±292 years), and a date like 0908-08-31 overflowed there (a panic in debug, a
/// wrong range in release). No document of the corpus lies outside these years, so clamping
/// changes no answer: `to=0908-08-31` still matches nothing, `from=0001-01-01` everything.
fn clamp_date(date: NaiveDate) -> NaiveDate {
    let ymd = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(date);
    date.clamp(ymd(FIRST_DATE), ymd(LAST_DATE))
}

/// Refuses a query over the configured length (characters, not bytes: Vietnamese letters take
/// two or three bytes each and the limit is stated to users in characters).
pub fn check_query_len(query: &str, limits: &Limits) -> Result<(), ApiError> {
    let len = query.chars().count();
    if len > limits.max_query_chars {
        return Err(ApiError::QueryTooLong {
            len,
            max: limits.max_query_chars,
        });
    }
    Ok(())
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

/// Parameters of `GET /api/assignments` and the "Ai phụ trách?" page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentParams {
    /// The task to find an owner for ("xử lý rác thải", "kiem tra khai thac cat").
    #[param(max_length = 1000)]
    #[serde(default, deserialize_with = "opt_text")]
    pub q: Option<String>,
    /// Assignments to return, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    #[serde(default, deserialize_with = "opt_count")]
    pub limit: Option<usize>,
}

impl AssignmentParams {
    /// The validated query and limit.
    pub fn validate(&self, limits: &Limits) -> Result<(String, usize), ApiError> {
        let q = self.q.as_deref().unwrap_or("");
        check_query_len(q, limits)?;
        let q = q.trim().to_string();
        let limit = self.limit.unwrap_or(20);
        if limit == 0 || limit > limits.max_limit {
            return Err(ApiError::BadRequest(format!(
                "limit phải từ 1 đến {} (nhận {limit})",
                limits.max_limit
            )));
        }
        Ok((q, limit))
    }
}

/// Parameters of `GET /api/analyze`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyzeParams {
    /// The text to analyse (at most 1,000 characters by default).
    #[param(max_length = 1000)]
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> SearchParams {
        SearchParams {
            q: Some(q.to_string()),
            ..SearchParams::default()
        }
    }

    #[test]
    fn defaults_give_first_page_by_relevance() {
        let r = params(" an ninh môi trường ")
            .to_request(&Limits::default())
            .unwrap();
        assert_eq!(r.query, "an ninh môi trường");
        assert_eq!((r.limit, r.offset, r.sort), (10, 0, Sort::Relevance));
    }

    #[test]
    fn long_query_counts_characters_not_bytes() {
        let limits = Limits {
            max_query_chars: 5,
            ..Limits::default()
        };
        // 5 characters, 11 bytes.
        assert!(params("trườn").to_request(&limits).is_ok());
        let err = params("trường").to_request(&limits).unwrap_err();
        assert_eq!(err.code(), "query_too_long");
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let l = Limits::default();
        let mut p = params("x");
        p.kind = Some("novel".into());
        assert!(p.to_request(&l).unwrap_err().to_string().contains("novel"));
        let mut p = params("x");
        p.sort = Some("random".into());
        assert_eq!(p.to_request(&l).unwrap_err().status(), 400);
        let mut p = params("x");
        p.limit = Some(101);
        assert_eq!(p.to_request(&l).unwrap_err().status(), 400);
        let mut p = params("x");
        p.offset = Some(1_000_000);
        assert_eq!(p.to_request(&l).unwrap_err().status(), 400);
        let mut p = params("x");
        p.kind = Some(String::new());
        assert_eq!(
            p.to_request(&l).unwrap().kind,
            None,
            "empty kind: no filter"
        );
    }

    fn message<T: DeserializeOwned + std::fmt::Debug>(query: &str) -> String {
        let err = parse_query::<T>(query, Fields::AsSent).unwrap_err();
        assert_eq!(
            (err.status().as_u16(), err.code()),
            (400, "bad_request"),
            "{query}"
        );
        err.to_string()
    }

    #[test]
    fn malformed_parameters_are_named_in_vietnamese() {
        let m = message::<SearchParams>("q=x&limit=abc");
        assert_eq!(
            m,
            r#"tham số "limit" phải là số nguyên không âm (nhận "abc")"#
        );
        let m = message::<SearchParams>("q=x&from=2022-02-30");
        assert!(
            m.starts_with(r#"tham số "from" không phải ngày hợp lệ: cần dạng YYYY-MM-DD"#),
            "{m}"
        );
        let m = message::<SearchParams>("q=x&year=abc");
        assert!(m.starts_with(r#"tham số "year" phải là số nguyên"#), "{m}");
        let m = message::<SearchParams>("q=x&q=y");
        assert_eq!(m, r#"tham số "q" xuất hiện hai lần"#);
        let m = message::<AnalyzeParams>("");
        assert_eq!(m, r#"thiếu tham số "text""#);
        let m = message::<AssignmentParams>("q=x&limit=-1");
        assert!(m.starts_with(r#"tham số "limit""#), "{m}");
    }

    #[test]
    fn empty_form_fields_mean_no_filter() {
        let every = "q=&kind=&agency=&place=&topic=&from=&to=&year=&sort=&limit=&offset=";
        let p: SearchParams = parse_query(every, Fields::EmptyIsAbsent).unwrap();
        assert_eq!(p, SearchParams::default());
        // The API takes empty free text as absent, and refuses an empty date, number or code:
        // its OpenAPI document says what they must be.
        let p: SearchParams = parse_query("q=&agency=&place=&topic=", Fields::AsSent).unwrap();
        assert_eq!(p, SearchParams::default());
        for field in ["kind", "from", "to", "year", "sort", "limit", "offset"] {
            let m = message::<SearchParams>(&format!("q=x&{field}="));
            assert!(
                m.starts_with(&format!("tham số \"{field}\"")),
                "{field}: {m}"
            );
        }
        let p: SearchParams = parse_query(
            "q=m%C3%B4i+tr%C6%B0%E1%BB%9Dng&from=2022-01-01&limit=5&unknown=1",
            Fields::AsSent,
        )
        .unwrap();
        assert_eq!(p.query(), "môi trường");
        assert_eq!(p.from, NaiveDate::from_ymd_opt(2022, 1, 1));
        assert_eq!(p.limit, Some(5));
        let a: AnalyzeParams = parse_query("text=", Fields::AsSent).unwrap();
        assert_eq!(a.text, "");
    }

    #[test]
    fn dates_outside_the_index_range_are_clamped() {
        let mut p = params("x");
        p.from = NaiveDate::from_ymd_opt(1, 1, 1);
        p.to = NaiveDate::from_ymd_opt(9999, 8, 31);
        let r = p.to_request(&Limits::default()).unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2199, 12, 31));
    }

    #[test]
    fn year_narrows_to_its_dates() {
        let mut p = params("x");
        p.year = Some(2022);
        p.kind = Some("directive".into());
        let r = p.to_request(&Limits::default()).unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(2022, 1, 1));
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2022, 12, 31));
        assert_eq!(r.kind.as_deref(), Some("directive"));
    }
}
