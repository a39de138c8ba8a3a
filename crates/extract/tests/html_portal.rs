//! A provincial-portal article page laid out as the common CMSs do (menu, sidebar of other news,
//! article, footer): main content found, debris dropped with reasons, metadata from meta tags.

use tracuu_extract::{extract_html, DateSource};

const PAGE: &str = r##"<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8">
<title>Ký kết chương trình phối hợp bảo vệ tài nguyên môi trường - Cổng thông tin điện tử tỉnh Lạng Sơn</title>
<meta property="og:title" content="Ký kết chương trình phối hợp bảo vệ tài nguyên môi trường">
<meta property="article:published_time" content="2019-03-03T19:34:00+07:00">
<link rel="canonical" href="https://www.langson.gov.vn/tin-tuc/ky-ket-chuong-trinh-phoi-hop">
</head><body>
<a href="#content" class="skip">Nhảy đến nội dung</a>
<div id="header"><div class="banner">Cổng thông tin điện tử tỉnh Lạng Sơn</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức</a></li><li><a href="/van-ban">Văn bản</a></li></ul></div>
<div class="row">
<div class="col-left">
<div class="news-detail">
<h1 class="title">Ký kết chương trình phối hợp bảo vệ tài nguyên môi trường</h1>
<div class="date">Cập nhật lúc19:34, Chủ Nhật, 03/03/2019 (GMT+7)</div>
<p>Ngày 1-3, Sở Tài nguyên và Môi trường đã tổ chức ký kết chương trình phối hợp bảo vệ tài nguyên môi trường năm 2019 với một số cơ quan liên quan của tỉnh, Ủy ban Mặt trận Tổ quốc tỉnh và các tổ chức thành viên.</p>
<figure><img src="/a.jpg"><figcaption>Quang cảnh lễ ký kết chương trình phối hợp</figcaption></figure>
<p>Năm 2019, Sở Tài nguyên và Môi trường, các cơ quan, đoàn thể chính trị xã hội thống nhất ký kết tăng cường sự phối hợp trong các công tác: xây dựng, nhân rộng các mô hình bảo vệ tài nguyên và môi trường.</p>
<p>Các cơ quan tham gia gồm:</p>
<ul><li>Ủy ban Mặt trận Tổ quốc tỉnh;</li><li>Hội Liên hiệp Phụ nữ tỉnh;</li><li>Hội Nông dân tỉnh.</li></ul>
<p style="text-align:right"><strong>Thanh Thúy</strong></p>
<div class="share"><a href="#">Chia sẻ</a> <a href="#">In bài viết</a></div>
</div>
<div class="tin-khac"><h3>Các tin khác</h3><ul><li><a href="/1">Hội nghị triển khai nhiệm vụ năm 2019 của ngành tài nguyên</a></li><li><a href="/2">Tăng cường quản lý chất thải rắn sinh hoạt trên địa bàn tỉnh</a></li></ul></div>
</div>
<div class="col-right sidebar"><h3>Tin nổi bật</h3><ul><li><a href="/3">Lạng Sơn đẩy mạnh cải cách hành chính</a></li></ul></div>
</div>
<div id="footer"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạng Sơn</p><p>Địa chỉ: Số 2 Hùng Vương, thành phố Lạng Sơn</p><p>Điện thoại: 0205.3812.xxx</p></div>
<script>var tracking = "không phải nội dung";</script>
</body></html>"##;

#[test]
fn portal_article_page() {
    let doc = extract_html(
        PAGE.as_bytes(),
        Some("https://langson.gov.vn/tin-tuc/x"),
        None,
    )
    .unwrap();
    assert_eq!(
        doc.title,
        "Ký kết chương trình phối hợp bảo vệ tài nguyên môi trường"
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://www.langson.gov.vn/tin-tuc/ky-ket-chuong-trinh-phoi-hop")
    );
    assert_eq!(doc.site.as_deref(), Some("langson.gov.vn"));
    assert!(doc.id.starts_with('u'));
    let date = doc.published.as_ref().unwrap();
    assert_eq!(date.date.to_string(), "2019-03-03");
    assert_eq!(date.source, DateSource::Dateline);
    assert_eq!(doc.author.as_deref(), Some("Thanh Thúy"));
    assert_eq!(
        doc.captions,
        vec!["Quang cảnh lễ ký kết chương trình phối hợp".to_string()]
    );
    let body = doc.body();
    for kept in [
        "Ngày 1-3, Sở Tài nguyên và Môi trường đã tổ chức ký kết",
        "Năm 2019, Sở Tài nguyên và Môi trường",
        "Các cơ quan tham gia gồm:",
        "Ủy ban Mặt trận Tổ quốc tỉnh;",
        "Hội Nông dân tỉnh.",
    ] {
        assert!(body.contains(kept), "missing {kept:?} in {body}");
    }
    for gone in [
        "Nhảy đến nội dung",
        "Trang chủ",
        "Giới thiệu",
        "Chia sẻ",
        "Các tin khác",
        "Hội nghị triển khai nhiệm vụ",
        "Tin nổi bật",
        "Cơ quan chủ quản",
        "Địa chỉ",
        "tracking",
        "Cập nhật lúc",
    ] {
        assert!(!body.contains(gone), "debris {gone:?} in body");
    }
}

#[test]
fn meta_date_when_no_dateline() {
    let page = PAGE.replace("Cập nhật lúc19:34, Chủ Nhật, 03/03/2019 (GMT+7)", "");
    let doc = extract_html(page.as_bytes(), None, None).unwrap();
    let date = doc.published.as_ref().unwrap();
    assert_eq!(date.source, DateSource::MetaTag);
    assert_eq!(date.time.unwrap().format("%H:%M").to_string(), "19:34");
}
