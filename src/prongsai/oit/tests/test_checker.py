"""The OIT website checker against a loopback website full of traps, and its pure helpers.

No database: the checker, the extractor and the domain rules are plain Python. Every request
goes through `LoopbackOnly`, so nothing here can reach an address other than 127.0.0.1.
"""

from __future__ import annotations

import json
import re

import pytest

from prongsai.frameworks.library import builtin_document
from prongsai.oit import checker, extract
from prongsai.oit.checker import Finding, Target, check_sync, components_of, targets_for
from prongsai.oit.domains import flagged_host, registrable_domain, same_site
from prongsai.oit.extract import (
    UnsupportedContent,
    is_current,
    missing_components,
    normalise,
    text_of,
    years_in,
)
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly, docx_bytes, minimal_pdf, xlsx_bytes

COMPONENTS = components_of(builtin_document(2568))
O10 = [("o10.1", ["E-Service"])]
O11 = [("o11.1", ["สถิติ"])]
TIMEOUT, RETRIES, MAX_BYTES = 0.5, 1, 300_000

# (key, item, path or URL, components, year offset): the whole site checked in one run
TRAPS = [
    ("o1", "o1", "/o1.html", COMPONENTS["o1"], 0),
    ("o2-on-o1-page", "o2", "/o1.html", COMPONENTS["o2"], 0),
    ("o2-tis620", "o2", "/o2-tis620.html", COMPONENTS["o2"], 0),
    ("o3-missing", "o3", "/o3-missing.html", COMPONENTS["o3"], 0),
    ("o4-pdf", "o4", "/o4.pdf", COMPONENTS["o4"], 0),
    ("last-year-pdf", "o12", "/last-year.pdf", [], 0),
    ("previous-year-report", "o13", "/last-year.pdf", [], -1),
    ("docx", "o10", "/o10.docx", O10, 0),
    ("xlsx", "o11", "/o11.xlsx", O11, 0),
    ("no-year", "o4", "/no-year.html", COMPONENTS["o4"], 0),
    ("stale-and-missing", "o3", "/stale-and-missing.html", COMPONENTS["o3"], 0),
    ("first-quarter", "o4", "/first-quarter.html", COMPONENTS["o4"], 0),
    ("moved", "o4", "/moved", COMPONENTS["o4"], 0),
    ("flaky", "o4", "/flaky.html", COMPONENTS["o4"], 0),
    ("always-500", "o4", "/always-500", [], 0),
    ("gone", "o4", "/gone.html", [], 0),
    ("loop", "o4", "/loop-a", [], 0),
    ("chain", "o4", "/chain/1", [], 0),
    ("offsite", "o4", "/offsite", [], 0),
    ("slow", "o4", "/slow.html", [], 0),
    ("huge", "o4", "/huge.pdf", [], 0),
    ("huge-declared", "o4", "/huge-declared.pdf", [], 0),
    ("photo", "o4", "/photo.jpg", [], 0),
    ("scan", "o4", "/scan.pdf", [], 0),
    ("ftp", "o4", "ftp://127.0.0.1/o4.pdf", [], 0),
    ("mailto", "o4", "mailto:saraban@bansuan.go.th", [], 0),
]


@pytest.fixture(scope="module")
def site():
    with EvidenceSite() as running:
        yield running


@pytest.fixture(scope="module")
def run(site):
    """(findings by key, guard) of one check over every trap."""
    guard = LoopbackOnly()
    targets = [
        Target(item, site.url(where) if where.startswith("/") else where, components, offset)
        for _, item, where, components, offset in TRAPS
    ]
    findings = check_sync(
        targets,
        main_site=site.main_site,
        year=2568,
        timeout=TIMEOUT,
        retries=RETRIES,
        backoff=0.05,
        max_bytes=MAX_BYTES,
        guard=guard,
    )
    return dict(zip([key for key, *_ in TRAPS], findings, strict=True)), guard


@pytest.fixture(scope="module")
def found(run) -> dict[str, Finding]:
    return run[0]


# ---------------------------------------------------------------- the website, trap by trap


def test_every_finding_says_it_in_english_too(found):
    """English pages show `finding_en`/`fix_en`: there for every finding, Thai only where it
    quotes the evidence (component keywords in parentheses, the heading to write in quotes)."""
    thai = re.compile(r"[\u0e00-\u0e7f]")
    for key, f in found.items():
        assert f.finding_en and f.finding_en != f.finding_th, key
        assert bool(f.fix_en) == bool(f.fix_th), key
        for text in (f.finding_en, f.fix_en):
            assert not thai.search(re.sub(r"\([^)]*\)|'[^']*'", "", text)), (key, text)
    assert found["gone"].finding_en.startswith(
        "The link cannot be opened: the server answered HTTP"
    )
    assert "not yet of 2568" in found["stale-and-missing"].finding_en


def test_findings_come_back_in_input_order(found):
    assert [f.item for f in found.values()] == [item for _, item, *_ in TRAPS]


@pytest.mark.parametrize(
    ("key", "year"),
    [
        ("o1", 2568),
        ("o2-tis620", 2568),
        ("o4-pdf", 2568),
        ("docx", 2568),
        ("xlsx", 2568),
        ("previous-year-report", 2567),
        ("first-quarter", 2567),
    ],
)
def test_good_evidence_passes(found, site, key, year):
    finding = found[key]
    assert finding.status == "ok", finding.finding_th
    assert finding.http == 200 and finding.year_found == year
    assert finding.missing_components == [] and finding.redirects == []
    assert finding.final_url == finding.url
    assert finding.finding_th.startswith("ผ่าน") and finding.fix_th == ""


def test_a_page_missing_one_component_is_incomplete(found):
    finding = found["o3-missing"]
    assert finding.status == "incomplete" and finding.missing_components == ["o3.2"]
    assert "ไม่พบองค์ประกอบ o3.2 (ถาม หรือ Q&A หรือ" in finding.finding_th
    assert "o3.2" in finding.fix_th


def test_one_page_cited_by_two_items_is_judged_for_each(found, site):
    assert found["o1"].status == "ok"
    assert found["o2-on-o1-page"].status == "incomplete"
    assert found["o2-on-o1-page"].missing_components == ["o2.1", "o2.2"]
    assert site.paths().count("/o1.html") == 1  # fetched once


def test_last_years_pdf_is_stale(found):
    finding = found["last-year-pdf"]
    assert finding.status == "stale" and finding.year_found == 2567
    assert "ปี พ.ศ. 2567 ยังไม่ใช่ปี 2568" in finding.finding_th
    assert "2568" in finding.fix_th


def test_stale_comes_before_incomplete_and_both_are_said(found):
    finding = found["stale-and-missing"]
    assert finding.status == "stale"
    assert finding.missing_components == ["o3.1", "o3.2"]
    assert finding.finding_th.index("2567") < finding.finding_th.index("ไม่พบองค์ประกอบ")


def test_a_page_without_a_year_is_no_year_even_when_its_script_and_style_have_one(found):
    finding = found["no-year"]
    assert finding.status == "no_year" and finding.year_found is None
    assert "ประจำปีงบประมาณ พ.ศ. 2568" in finding.fix_th


def test_404_is_dead_and_not_retried(found, site):
    finding = found["gone"]
    assert finding.status == "dead" and finding.http == 404
    assert "HTTP 404" in finding.finding_th
    assert site.paths().count("/gone.html") == 1


def test_500_then_200_is_retried_once_and_passes(found, site):
    finding = found["flaky"]
    assert finding.status == "ok" and finding.http == 200
    assert "ลองครั้งที่ 2" in finding.finding_th
    assert site.paths().count("/flaky.html") == 2


def test_a_server_that_keeps_failing_is_dead_after_the_retries(found, site):
    finding = found["always-500"]
    assert finding.status == "dead" and finding.http == 500
    assert site.paths().count("/always-500") == RETRIES + 1
    assert f"ลอง {RETRIES + 1} ครั้ง" in finding.finding_th


def test_redirects_are_followed_and_shown(found, site):
    finding = found["moved"]
    assert finding.status == "ok"
    assert finding.redirects == [site.url("/moved-here.html")]
    assert finding.final_url == site.url("/moved-here.html")


def test_a_redirect_loop_is_caught(found, site):
    finding = found["loop"]
    assert finding.status == "redirect_loop"
    assert finding.redirects == [site.url("/loop-b"), site.url("/loop-a")]
    assert finding.http == 302 and "วนกลับ" in finding.finding_th


def test_more_than_five_redirects_is_a_loop(found, site):
    finding = found["chain"]
    assert finding.status == "redirect_loop"
    assert finding.redirects == [site.url(f"/chain/{n}") for n in range(2, 8)]
    assert [p for p in site.paths() if p.startswith("/chain/")] == [
        f"/chain/{n}" for n in range(1, 7)
    ]


def test_an_off_site_redirect_is_flagged_with_its_final_url(found, site):
    finding = found["offsite"]
    assert finding.status == "off_site" and finding.http == 200
    assert finding.final_url == site.other_url("/doc.html")
    assert finding.redirects == [site.other_url("/doc.html")]
    assert "นอกเว็บไซต์หลัก" in finding.finding_th and "127.0.0.1" in finding.fix_th


def test_a_slow_page_times_out(found, site):
    finding = found["slow"]
    assert finding.status == "timeout" and finding.http is None
    assert site.paths().count("/slow.html") == RETRIES + 1


def test_a_huge_file_is_cut_off(found, site):
    streamed = found["huge"]
    assert streamed.status == "too_large"
    assert MAX_BYTES < streamed.fetched_bytes < MAX_BYTES + 70_000  # one chunk past the limit
    declared = found["huge-declared"]
    assert declared.status == "too_large" and declared.fetched_bytes == 0
    assert "0.3 MB" in declared.finding_th


def test_content_it_cannot_read_is_unsupported(found):
    assert found["photo"].status == "unsupported" and "image/jpeg" in found["photo"].finding_th
    scan = found["scan"]  # a PDF without a text layer is a finding of its own
    assert scan.status == "scanned" and scan.finding_th.startswith("ไฟล์เป็นภาพสแกน ตรวจไม่ได้")
    assert "PDF ที่มีข้อความ" in scan.fix_th and scan.finding_en.startswith("The file is a scan")


def test_a_link_that_is_not_http_is_not_fetched(found):
    for key in ("ftp", "mailto"):
        finding = found[key]
        assert finding.status == "not_http" and finding.http is None
        assert finding.final_url is None and "http://" in finding.finding_th


def test_nothing_but_the_targets_and_their_redirects_was_fetched(run, site):
    _, guard = run
    targets = {where for _, _, where, *_ in TRAPS if where.startswith("/")}
    hops = {"/moved-here.html", "/loop-b"} | {f"/chain/{n}" for n in range(2, 7)}
    assert set(site.paths("main")) <= targets | hops
    assert "/linked-page.html" not in site.paths("main")
    assert site.paths("other") == ["/doc.html"]
    assert {host for name, host, _ in site.log if name == "other"} == {
        f"localhost:{site.other.server_address[1]}"
    }
    assert guard.refused == []


def test_to_dict_is_the_json_of_the_command(found):
    data = found["o3-missing"].to_dict()
    assert set(data) == {
        "item",
        "url",
        "status",
        "http",
        "final_url",
        "redirects",
        "year_found",
        "missing_components",
        "finding",
        "fix",
        "pointers",
    }
    assert data["pointers"] == [  # o3.1 is there (o3.2 is missing): where, with an excerpt
        {"component": "o3.1", "where": "heading", "heading": "ข้อมูลการติดต่อ ประจำปีงบประมาณ พ.ศ. 2568",
         "excerpt": "…การติดต่อ ประจำปีงบประมาณ พ.ศ. 2568 ที่อยู่ 99 หมู่ 1 ตำบลบ้านสวน โทรศัพท์ 038…"}
    ]  # fmt: skip
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# ---------------------------------------------------------------- limits and the harness


def test_the_harness_refuses_every_host_but_loopback(site):
    guard = LoopbackOnly()
    urls = ["http://www.harness.example/o1.html", "https://files.bansuan.example/d/1/view"]
    findings = check_sync(
        [Target("o1", u) for u in urls],
        main_site="http://www.harness.example/",
        year=2568,
        retries=0,
        guard=guard,
    )
    assert [f.status for f in findings] == ["dead", "dead"]
    assert (
        guard.refused == ["www.harness.example", "files.bansuan.example"] and guard.connected == []
    )


def test_an_untrusted_certificate_is_dead_at_once(site):
    guard = LoopbackOnly()
    url = site.tls_url("/o1.html")
    (finding,) = check_sync(
        [Target("o1", url)], main_site=site.tls_url("/"), year=2568, guard=guard
    )
    assert finding.status == "dead" and finding.http is None
    assert "HTTPS" in finding.finding_th
    # one connection, not retried: a certificate does not fix itself
    assert guard.connected == [f"127.0.0.1:{site.tls.server_address[1]}"]
    assert site.paths("tls") == []


def test_no_more_than_per_host_requests_run_at_once(site):
    site.max_in_flight = 0
    targets = [Target("o4", site.url(f"/wait-{n}.html")) for n in range(8)]
    findings = check_sync(
        targets, main_site=site.main_site, year=2568, per_host=2, guard=LoopbackOnly()
    )
    assert {f.status for f in findings} == {"ok"}
    assert site.max_in_flight == 2


def test_retries_back_off_exponentially(site, monkeypatch):
    pauses = []

    async def record(seconds):
        pauses.append(seconds)

    monkeypatch.setattr(checker, "_pause", record)
    check_sync(
        [Target("o4", site.url("/always-500"))],
        main_site=site.main_site,
        year=2568,
        retries=3,
        backoff=0.5,
        guard=LoopbackOnly(),
    )
    assert pauses == [0.5, 1.0, 2.0]


def test_targets_for_takes_components_from_the_criteria():
    doc = builtin_document(2568)
    o1, o26 = targets_for(
        doc, [("o1", "https://a.go.th.example/1"), ("o26", "https://a.go.th.example/2")]
    )
    assert o1.components == [
        ("o1.1", ["โครงสร้าง", "ฝ่ายการเมือง", "ฝ่ายข้าราชการประจำ|ฝ่ายประจำ"]),
        ("o1.2", ["อำนาจหน้าที่|หน้าที่และอำนาจ|อำนาจและหน้าที่"]),
    ]
    assert o26.components == [
        ("o26.1", ["รายงาน|สรุปผล", "ป้องกันการทุจริต|ป้องกันและปราบปรามการทุจริต|ต่อต้านการทุจริต"])
    ]
    assert (o26.year_rule, o26.year_offset) == ("previous", -1)  # oit_year_rules


# ---------------------------------------------------------------- domains


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.bansuan.go.th", "bansuan.go.th"),
        ("BANSUAN.GO.TH.", "bansuan.go.th"),
        ("e-service.mueangkhok.go.th:8443", "mueangkhok.go.th"),
        ("www.school.ac.th", "school.ac.th"),
        ("a.b.example.com", "example.com"),
        ("x.y.example.co.uk", "co.uk"),  # not listed: the last two labels
        ("me.github.io", "me.github.io"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domain(host, domain):
    assert registrable_domain(host) == domain


def test_same_site_ignores_subdomains_and_ports():
    assert same_site("https://www.bansuan.go.th/ita/o1.pdf", "http://bansuan.go.th")
    assert same_site("http://127.0.0.1:9000/x", "http://127.0.0.1:8000/")
    assert same_site("https://www.อบต.ไทย/o1", "https://xn--m3cj0d.xn--o3cw4h/")
    assert not same_site("http://localhost:8000/x", "http://127.0.0.1:8000/")
    assert not same_site("https://bansuan.go.th.evil.com/x", "https://bansuan.go.th/")
    assert not same_site("https://drive.google.com/file/d/1", "https://bansuan.go.th/")
    assert not same_site("not a url", "https://bansuan.go.th/")


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("drive.google.com", "file_host"),
        ("docs.google.com", "file_host"),
        ("m.facebook.com", "social_media"),
        ("www.youtube.com", "social_media"),
        ("line.me", "social_media"),
        ("bit.ly", "link_shortener"),
        ("www.bansuan.go.th", None),
        ("notfacebook.com", None),
    ],
)
def test_flagged_hosts(host, kind):
    assert flagged_host(host) == kind


# ---------------------------------------------------------------- text and years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", [2568]),
        ("ปี 2568", [2568]),
        ("ปีงบประมาณ2567", [2567]),
        ("ณ วันที่ 30 กันยายน 2568", [2568]),
        ("ลงวันที่ ๑๕ ต.ค. ๒๕๖๗", [2567]),
        ("วันที่ 15/11/2567", [2567]),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566 – 2570", [2566, 2570]),
        ("ผลการประเมิน ITA 2568", [2568]),
        ("พ . ศ . 2 5 6 8", []),  # digits split by a PDF are not read
        ("โทร 038 212568 ราคา 2500 บาท รหัส 2568", []),  # numbers that are not years
        ("ค.ศ. 2025", []),
    ],
)
def test_years_in(text, years):
    assert years_in(text) == years


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("ประจำปีงบประมาณ พ.ศ. 2568", (True, 2568)),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566 - 2570", (False, 2566)),  # a range is no year of its own
        ("ประกาศ ณ วันที่ 1 ธันวาคม 2567", (True, 2567)),
        ("ประกาศ ณ วันที่ 1/10/2567", (True, 2567)),
        ("ประกาศ ณ วันที่ 1 กันยายน 2567", (False, 2567)),
        ("รายงานประจำปี พ.ศ. 2567", (False, 2567)),
        ("ไม่มีปี", (False, None)),
    ],
)
def test_is_current(text, result):
    assert is_current(text, 2568) == result


def test_normalise_folds_thai_variants():
    assert (
        normalise("น\u0e49\u0e4d\u0e32 ด\u0e4d\u0e32เนิน\u200bงาน ๒๕๖๘")
        == "น\u0e49\u0e33 ด\u0e33เนินงาน 2568"
    )


def test_keywords_ignore_spaces_case_and_accept_alternatives():
    text = "แผนผัง โครง สร้าง ฝ่ายการเมือง  e-service ดํา"
    components = [
        ("a", ["โครงสร้าง", "E-Service"]),
        ("b", ["ฝ่ายข้าราชการประจำ|ฝ่ายการเมือง"]),
        ("c", ["ดำ"]),
        ("d", ["ถาม"]),
        ("e", []),
    ]
    assert missing_components(text, components) == ["d"]


def test_text_of_html_skips_scripts_and_styles_and_reads_thai_legacy_encoding():
    markup = "<html><head><meta charset='tis-620'><title>หัวเรื่อง</title><style>p{}</style>"
    markup += "<script>var a = 'สคริปต์';</script></head><body><p>ข้อมูล&nbsp;ผู้บริหาร</p></body>"
    text = text_of(markup.encode("tis-620"), "text/html", "http://x.go.th/")
    assert "หัวเรื่อง" in text and "ผู้บริหาร" in text
    assert "สคริปต์" not in text and "p{}" not in text


def test_html_text_joins_inline_tags_and_drops_comments_and_svg():
    markup = (
        "<p><b>โครง</b>สร้าง</p><!-- ปี 2560 --><svg><text>ปี 2561</text></svg>"
        "<td>ผู้บริหาร</td><td>ตำแหน่ง</td>ปี&nbsp;2568"
    )
    text = normalise(extract.html_text(markup))
    assert "โครงสร้าง" in text and "ผู้บริหาร ตำแหน่ง" in text
    assert years_in(text) == [2568]


def test_text_of_pdf_with_and_without_pdftotext(monkeypatch):
    pdf = minimal_pdf(["ข่าวประชาสัมพันธ์", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"])
    assert years_in(text_of(pdf, "application/octet-stream", "http://x.example/")) == [2568]
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    text = text_of(pdf, "application/pdf", "http://x.example/")
    assert "ข่าวประชาสัมพันธ์" in text and years_in(text) == [2568]


def test_text_of_office_files():
    document = docx_bytes(["ปี 2568"], [["E-Service", "ลิงก์"]])
    assert "E-Service" in text_of(document, "application/octet-stream", "http://x.example/a")
    book = xlsx_bytes([["สถิติ", 2568], ["ปีงบประมาณ 2568"]])
    assert years_in(text_of(book, "", "http://x.example/b.xlsx")) == [2568]


@pytest.mark.parametrize(
    ("content", "content_type", "words"),
    [
        (b"\xff\xd8\xff\xe0", "image/jpeg", "image/jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "application/msword", ".doc"),
        (b"PK\x03\x04broken", "application/zip", "เสียหาย"),
        (b"%PDF-1.4 broken", "application/pdf", "PDF"),
    ],
)
def test_text_of_refuses_what_it_cannot_read(content, content_type, words):
    with pytest.raises(UnsupportedContent) as refused:
        text_of(content, content_type, "http://x.example/")
    assert words in refused.value.message_th
