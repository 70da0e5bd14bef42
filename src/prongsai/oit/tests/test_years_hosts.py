"""Years read the Thai way, year rules from the criteria, file hosts flagged without a request,
Retry-After honoured, and the checker naming itself (issue 14, points 3 and 4).

No database: the checker and the extractor are plain Python, against the loopback website of
site.py. Every request goes through `LoopbackOnly`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import prongsai
from prongsai.frameworks.library import builtin_document
from prongsai.oit import checker, domains
from prongsai.oit.checker import Target, check_sync, retry_after_seconds, targets_for, user_agent
from prongsai.oit.extract import is_current, judge, year_mentions, year_ranges, years_in
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly, minimal_pdf, page
from prongsai.release import VERSION

# ---------------------------------------------------------------- years in Thai text


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # two-digit years after a Thai year word or a month
        ("ประกาศ ณ วันที่ 1 ต.ค. 67", [2567]),
        ("ลงวันที่ ๑๕ ต.ค. ๖๗", [2567]),  # Thai digits
        ("แผนการจัดซื้อจัดจ้าง ปีงบ 68", [2568]),
        ("รายงาน ปีงบประมาณ 68", [2568]),
        ("ปีงบประมาณ: 68", [2568]),
        ("ประกาศ พ.ศ. 67", [2567]),
        ("ประกาศ พ. ศ. 67", [2567]),
        ("1 ตุลาคม 67", [2567]),
        ("มี.ค. 68", [2568]),
        ("เม.ย.68", [2568]),
        ("ต.ค. 67 - ก.ย. 68", [2567, 2568]),
        # four-digit years in Thai digits
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", [2568]),
        ("ปีงบ 2568", [2568]),
        # ranges: both ends are years
        ("แผนพัฒนาท้องถิ่น (2566–2570)", [2566, 2570]),  # a bare range of at most ten years
        ("แผนพัฒนาท้องถิ่น 2566-2570", [2566, 2570]),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566 - 2570", [2566, 2570]),
        ("แผนปฏิบัติการป้องกันการทุจริต ๔ ปี (พ.ศ. ๒๕๖๗ – ๒๕๗๐)", [2567, 2570]),
        ("แผน พ.ศ. 2566-70", [2566, 2570]),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 66–70", [2566, 2570]),
        ("ปีงบ 66 ถึง พ.ศ. 70", [2566, 2570]),
        ("ยุทธศาสตร์ชาติ พ.ศ. 2561-2580", [2561, 2580]),
        # false-positive guards: numbers that are not years
        ("อายุ 67 ปี", []),
        ("หน้า 47–50", []),
        ("แผน (66–70)", []),  # a bare two-digit range may be pages
        ("ตค 67", []),  # the month without its dots could be letters of a word
        ("มีนาคม 30 วัน", []),  # not a plausible year
        ("ปีงบ 68,000 บาท", []),
        ("พ.ศ. 67.5", []),
        ("จำนวน 67 คน ราคา 2500-2600 บาท", []),  # a price range is not a plan
        ("2561-2580", []),  # a long bare range is not read without a year word
        ("โทร 038 212568 ราคา 2500 บาท รหัส 2568", []),
    ],
)
def test_years_in_thai_text(text, years):
    assert years_in(text) == years


def test_a_range_is_one_mention_with_both_ends_and_a_month_is_kept():
    assert year_ranges("แผนพัฒนาท้องถิ่น พ.ศ. 2566 – 2570 และ ปีงบ 66-70") == [
        (2566, 2570),
        (2566, 2570),
    ]
    assert year_mentions("ลงวันที่ 15 ธ.ค. 67") == [(2567, 12)]


@pytest.mark.parametrize(
    ("text", "covering", "result"),
    [
        # a covering plan counts only for an item that accepts one, and only covering the year
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566–2570", True, (True, 2570)),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566–2570", False, (False, 2566)),
        ("แผนพัฒนาท้องถิ่น (พ.ศ. 66–70)", True, (True, 2570)),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2561–2565", True, (False, 2561)),
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2571–2575", True, (False, 2571)),
        # a single year decides before any range
        ("แผน พ.ศ. 2566–2570 ฉบับทบทวน ปีงบ 70", False, (True, 2570)),
        # two-digit dates of the first quarter open the fiscal year
        ("ประกาศ ณ วันที่ 1 ต.ค. 69", False, (True, 2569)),
        ("ประกาศ ณ วันที่ 1 ก.ย. 69", False, (False, 2569)),
        ("รายงาน ปีงบ 69", False, (False, 2569)),
    ],
)
def test_is_current_for_fiscal_year_2570(text, covering, result):
    assert is_current(text, 2570, covering=covering) == result


# ---------------------------------------------------------------- year rules from the criteria


def test_a_previous_rule_wants_last_years_report_and_a_plan_may_cover_the_year():
    doc = builtin_document(2569)  # the newest rules; fiscal year 2570 asks as 2569 did
    report, plan, monthly = targets_for(
        doc,
        [
            ("o12", "https://a.go.th.example/r"),
            ("o23", "https://a.go.th.example/p"),
            ("o11", "https://a.go.th.example/m"),
        ],
    )
    assert (report.year_rule, report.year_offset) == ("previous", -1)
    assert (plan.year_rule, plan.covering) == ("current_or_covering", True)
    assert (monthly.year_rule, monthly.covering) == ("current", False)
    report_2569 = "รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2569"
    assert judge(report_2569, 2570 + report.year_offset, [], covering=report.covering)[:2] == (
        True,
        2569,
    )
    covering = "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2566–2570"
    assert judge(covering, 2570, [], covering=plan.covering)[:2] == (True, 2570)
    # the same multi-year plan is no report of a year, and no monthly summary of this one
    assert judge(covering, 2570 + report.year_offset, [], covering=report.covering)[0] is False
    assert judge(covering, 2570, [], covering=monthly.covering)[0] is False


def test_a_target_refuses_an_unknown_rule_and_year_offset_still_means_previous():
    with pytest.raises(ValueError, match="unknown year rule 'last'"):
        Target("o1", "https://a.go.th.example/", year_rule="last")
    assert Target("o1", "https://a.go.th.example/", year_offset=-1).year_rule == "previous"


@pytest.fixture(scope="module")
def site():
    with EvidenceSite() as running:
        running.pages["/report-2569.pdf"] = (
            200,
            {"Content-Type": "application/pdf"},
            minimal_pdf(["รายงานสรุปผลการจัดซื้อจัดจ้าง", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"]),
        )
        running.pages["/plan-2566-2570.html"] = (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            page("แผนปฏิบัติการป้องกันการทุจริต", "<h1>แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2566–2570</h1>"),
        )
        yield running


def test_the_checker_judges_each_item_by_its_rule_in_fiscal_year_2570(site):
    targets = targets_for(
        builtin_document(2569),
        [
            ("o12", site.url("/report-2569.pdf")),  # previous: a 2569 report
            ("o23", site.url("/plan-2566-2570.html")),  # a plan covering 2570
            ("o24", site.url("/plan-2566-2570.html")),  # a report: the plan is not one
        ],
    )
    report, plan, not_a_report = check_sync(
        targets, main_site=site.main_site, year=2570, guard=LoopbackOnly(), retries=0
    )
    assert (report.status, report.year_found) == ("ok", 2569)
    assert (plan.status, plan.year_found) == ("ok", 2570)
    assert not_a_report.status == "stale"
    assert "แผนช่วงปี พ.ศ. 2566–2570 แต่ข้อนี้ต้องเป็นข้อมูลของปี 2569" in not_a_report.finding_th
    assert "a plan for B.E. 2566–2570" in not_a_report.finding_en


def test_a_plan_that_does_not_cover_the_year_says_so(site):
    (finding,) = check_sync(
        [Target("o23", site.url("/plan-2566-2570.html"), year_rule="current_or_covering")],
        main_site=site.main_site,
        year=2571,
        guard=LoopbackOnly(),
        retries=0,
    )
    assert finding.status == "stale"
    assert "แผนช่วงปี พ.ศ. 2566–2570 ซึ่งไม่ครอบคลุมปี 2571" in finding.finding_th


# ---------------------------------------------------------------- file hosts, never requested


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://drive.google.com/file/d/1abc/view", "file_host"),
        ("https://onedrive.live.com/?id=1", "file_host"),
        ("https://1drv.ms/b/s!abc", "file_host"),
        ("https://bansuan-my.sharepoint.com/:b:/g/x", "file_host"),
        ("https://www.dropbox.com/s/x/report.pdf", "file_host"),
        ("https://bit.ly/3abc", "link_shortener"),
        ("https://shorturl.at/abc12", "link_shortener"),
        ("https://tinyurl.com/ita2569", "link_shortener"),
    ],
)
def test_file_hosts_and_shorteners_are_data(url, kind):
    assert domains.flagged_host(domains.host_of(url)) == kind


def test_the_host_list_names_its_source():
    data = domains.host_data()
    assert data["source"] and data["confidence"] in ("confirmed", "secondary", "inferred")


def test_a_file_host_link_is_flagged_before_any_request(site, monkeypatch):
    """The other loopback server plays Google Drive: the checker must not knock on it."""
    site.clear_log()
    real = domains._data()
    monkeypatch.setattr(domains, "_data", lambda: (real[0], {**real[1], "localhost": "file_host"}))
    guard = LoopbackOnly()
    drive = site.other_url("/doc.html")
    (finding,) = check_sync([Target("o4", drive)], main_site=site.main_site, year=2568, guard=guard)
    assert finding.status == "off_site" and finding.http is None
    assert "บริการฝากไฟล์ (localhost)" in finding.finding_th
    assert "file-sharing service" in finding.finding_en
    assert site.paths("other") == [] and guard.connected == []  # not one request


def test_a_redirect_to_a_file_host_is_not_followed(site):
    site.clear_log()
    (finding,) = check_sync(
        [Target("o4", site.url("/go?to=https%3A%2F%2Fdrive.google.com%2Ffile%2Fd%2F1"))],
        main_site=site.main_site,
        year=2568,
        guard=(guard := LoopbackOnly()),
    )
    assert finding.status == "off_site" and "drive.google.com" in finding.finding_th
    assert finding.final_url == "https://drive.google.com/file/d/1"
    assert guard.refused == []  # drive.google.com was never even looked up


# ---------------------------------------------------------------- busy websites


def test_429_with_retry_after_is_waited_for_then_passes(site):
    (finding,) = check_sync(
        [Target("o4", site.url("/busy-once.html"))],
        main_site=site.main_site,
        year=2568,
        guard=LoopbackOnly(),
    )
    assert finding.status == "ok" and "ลองครั้งที่ 2" in finding.finding_th
    first, second = site.times["/busy-once.html"]
    assert second - first >= 0.95  # Retry-After: 1, honoured
    assert site.paths().count("/busy-once.html") == 2


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The checker's polite waits, recorded instead of slept."""
    waited: list[float] = []

    async def record(seconds):
        waited.append(seconds)

    monkeypatch.setattr(checker, "_pause", record)
    return waited


def test_retry_after_as_an_http_date(site, pauses):
    (finding,) = check_sync(
        [Target("o4", site.url("/busy-date.html"))],
        main_site=site.main_site,
        year=2568,
        guard=LoopbackOnly(),
    )
    assert finding.status == "ok"
    assert len(pauses) == 1 and 0.5 < pauses[0] <= 2.0  # the date is two seconds ahead


def test_a_503_that_never_recovers_says_the_site_is_busy(site, pauses):
    (finding,) = check_sync(
        [Target("o4", site.url("/always-busy.html"))],
        main_site=site.main_site,
        year=2568,
        retries=2,
        guard=LoopbackOnly(),
    )
    assert finding.status == "busy" and finding.http == 503
    assert pauses == [1.0, 1.0]  # as Retry-After asked, twice
    assert site.paths().count("/always-busy.html") == 3
    assert "เว็บไซต์ไม่ว่าง" in finding.finding_th and "ลอง 3 ครั้ง" in finding.finding_th
    assert "รวม 2 วินาที" in finding.finding_th
    assert "busy" in finding.finding_en


def test_a_wait_longer_than_the_cap_is_not_waited(site, pauses):
    (finding,) = check_sync(
        [Target("o4", site.url("/come-back-tomorrow.html"))],
        main_site=site.main_site,
        year=2568,
        retry_after_max=30,
        guard=LoopbackOnly(),
    )
    assert finding.status == "busy" and pauses == []
    assert "86400 วินาที" in finding.finding_th
    assert site.paths().count("/come-back-tomorrow.html") == 1


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        ("120", 120.0),
        ("Thu, 01 Jan 1970 00:00:10 GMT", 5.0),  # ten seconds after "now" (5)
        ("Thu, 01 Jan 1970 00:00:01 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("", None),
        ("-5", None),
    ],
)
def test_retry_after_values(value, seconds):
    assert retry_after_seconds(value, now=5.0) == seconds


# ---------------------------------------------------------------- the checker names itself


def test_every_request_names_prongsai_its_version_and_the_contact_page(site):
    site.clear_log()
    contact = "https://prongsai.example/about/checker/"
    check_sync(
        [Target("o4", site.url("/moved"))],
        main_site=site.main_site,
        year=2568,
        guard=LoopbackOnly(),
        user_agent=user_agent(contact),
    )
    assert len(site.agents) == 2  # the link and its redirect
    for agent in site.agents:
        assert "Prongsai-OIT-checker/" + VERSION in agent
        assert contact in agent


def test_the_version_is_the_one_pyproject_names():
    pyproject = Path(prongsai.__file__).resolve().parents[2] / "pyproject.toml"
    assert tomllib.loads(pyproject.read_text())["project"]["version"] == VERSION
