//! The pages' stylesheet and script, compiled into the binary (no CDN, nothing fetched from
//! elsewhere). They change only with the binary, so browsers may keep them for a day.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../assets/accord.css");
const JS: &str = include_str!("../../assets/accord.js");

pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "accord.css" => (CSS, "text/css; charset=utf-8"),
        "accord.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}
