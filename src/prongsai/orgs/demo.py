"""The organisations and people of the fictional demo, and the context every app's demo builds on.

Six organisations in two provinces (types and sizes differ, so the province pages have something
to compare) with their codes and subdistricts, people in every role with names and positions (an
administrator for each organisation, a province administrator for each province), units with
positions. Everything is
relative to `today`: the last completed fiscal year and the current one are computed, never
written down. Each app adds its own demo rows through its `demo.load_demo(demo)`; the site-wide
`prongsai demo` command (app `prongsai.demo`) calls them in order.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from prongsai.geo.models import Subdistrict
from prongsai.orgs.models import Membership, Organisation, Position, ProvinceRole, Unit
from prongsai.thai import fiscal_year

K, S = Organisation.Kind, Organisation.Size

# The organisation with the whole programme (plans, ethics, complaints, OIT) comes first.
ORGS = [
    {"slug": "ban-suan", "name_th": "องค์การบริหารส่วนตำบลบ้านสวน (สาธิต)", "kind": K.SAO,
     "size": S.L, "region": "ภาคตะวันออก", "province": "ชลบุรี", "district": "เมืองชลบุรี",
     "website": "https://www.bansuan-demo.example",
     "address": "๙๙ หมู่ ๓ ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี ๒๐๐๐๐", "phone": "038-000-000",
     "head_name": "นายสมชาย ใจดี", "head_position": "นายกองค์การบริหารส่วนตำบลบ้านสวน"},
    {"slug": "mueang-khok", "name_th": "เทศบาลตำบลเมืองโคก (สาธิต)",
     "kind": K.SUBDISTRICT_MUNICIPALITY, "size": S.M, "region": "ภาคตะวันออกเฉียงเหนือ",
     "province": "ขอนแก่น", "district": "บ้านไผ่", "website": "https://www.mueangkhok-demo.example",
     "address": "๑ ถนนเทศบาล ตำบลเมืองโคก อำเภอบ้านไผ่ จังหวัดขอนแก่น ๔๐๑๑๐", "phone": "043-000-000",
     "head_name": "นางสาวมาลี ศรีสุข", "head_position": "นายกเทศมนตรีตำบลเมืองโคก"},
    {"slug": "saen-suk", "name_th": "เทศบาลเมืองแสนสุข (สาธิต)", "kind": K.TOWN, "size": S.L,
     "region": "ภาคตะวันออก", "province": "ชลบุรี", "district": "เมืองชลบุรี",
     "website": "https://www.saensuk-demo.example", "phone": "038-000-001",
     "head_name": "นายวิชัย ทะเลงาม", "head_position": "นายกเทศมนตรีเมืองแสนสุข"},
    {"slug": "nong-khla", "name_th": "องค์การบริหารส่วนตำบลหนองคล้า (สาธิต)", "kind": K.SAO,
     "size": S.S, "region": "ภาคตะวันออก", "province": "ชลบุรี", "district": "บ้านบึง",
     "website": "https://www.nongkhla-demo.example", "phone": "038-000-002",
     "head_name": "นางบุญมี ทองดี", "head_position": "นายกองค์การบริหารส่วนตำบลหนองคล้า"},
    {"slug": "khon-kaen-pao", "name_th": "องค์การบริหารส่วนจังหวัดขอนแก่น (สาธิต)", "kind": K.PAO,
     "size": S.L, "region": "ภาคตะวันออกเฉียงเหนือ", "province": "ขอนแก่น",
     "district": "เมืองขอนแก่น", "website": "https://www.kkpao-demo.example", "phone": "043-000-001",
     "head_name": "นายประเสริฐ แก่นแท้", "head_position": "นายกองค์การบริหารส่วนจังหวัดขอนแก่น"},
    {"slug": "non-sila", "name_th": "องค์การบริหารส่วนตำบลโนนศิลา (สาธิต)", "kind": K.SAO,
     "size": S.S, "region": "ภาคตะวันออกเฉียงเหนือ", "province": "ขอนแก่น", "district": "โนนศิลา",
     "website": "https://www.nonsila-demo.example", "phone": "043-000-002",
     "head_name": "นายทองใบ ศิลาทอง", "head_position": "นายกองค์การบริหารส่วนตำบลโนนศิลา"},
]  # fmt: skip
# Organisation codes (รหัส อปท.) of the fictional demo: 99…, a prefix no province has.
CODES = {
    "ban-suan": "9920101", "mueang-khok": "9940101", "saen-suk": "9920102",
    "nong-khla": "9920201", "khon-kaen-pao": "9940001", "non-sila": "9940102",
}  # fmt: skip
SUBDISTRICTS = {
    "ban-suan": "บ้านสวน", "mueang-khok": "หินตั้ง", "saen-suk": "แสนสุข", "nong-khla": "หนองชาก",
    "khon-kaen-pao": "ในเมือง", "non-sila": "โนนศิลา",
}  # fmt: skip
UNITS = {
    "สำนักปลัด": [("ปลัด", 1, 0), ("นักวิเคราะห์นโยบายและแผน", 1, 0), ("นิติกร", 1, 0), ("นักจัดการงานทั่วไป", 1, 1)],
    "กองคลัง": [("ผู้อำนวยการกองคลัง", 1, 0), ("นักวิชาการเงินและบัญชี", 1, 0), ("เจ้าพนักงานพัสดุ", 1, 1)],
    "กองช่าง": [("ผู้อำนวยการกองช่าง", 0, 1), ("นายช่างโยธา", 2, 0)],
    "กองการศึกษา ศาสนาและวัฒนธรรม": [("ผู้อำนวยการกองการศึกษา", 1, 0), ("ครูผู้ดูแลเด็ก", 4, 1)],
    "หน่วยตรวจสอบภายใน": [("นักวิชาการตรวจสอบภายใน", 1, 0)],
}  # fmt: skip
# (username, org slug, role, first name, last name, position)
PEOPLE = [
    ("admin-bansuan", "ban-suan", Membership.Role.ADMIN, "นายวีระ", "มั่นคง", "ปลัดองค์การบริหารส่วนตำบล"),
    ("officer-bansuan", "ban-suan", Membership.Role.OFFICER, "นางสาวสมศรี", "ดูแลดี", "นิติกรชำนาญการ"),
    ("executive-bansuan", "ban-suan", Membership.Role.EXECUTIVE, "นายสมชาย", "ใจดี", "นายกองค์การบริหารส่วนตำบลบ้านสวน"),
    ("auditor-bansuan", "ban-suan", Membership.Role.AUDITOR, "นางอรุณี", "ตรงไปตรงมา", "นักวิชาการตรวจสอบภายในชำนาญการ"),
    ("admin-mueangkhok", "mueang-khok", Membership.Role.ADMIN, "นางสาวพรทิพย์", "ทองคำ", "ปลัดเทศบาล"),
    ("admin-saensuk", "saen-suk", Membership.Role.ADMIN, "นายอนันต์", "แสนดี", "ปลัดเทศบาล"),
    ("admin-nongkhla", "nong-khla", Membership.Role.ADMIN, "นางสุภา", "คล้าทอง", "ปลัดองค์การบริหารส่วนตำบล"),
    ("admin-kkpao", "khon-kaen-pao", Membership.Role.ADMIN, "นายไพโรจน์", "แก่นกล้า", "ปลัดองค์การบริหารส่วนจังหวัด"),
    ("admin-nonsila", "non-sila", Membership.Role.ADMIN, "นางสาวศิริ", "ศิลาเงิน", "ปลัดองค์การบริหารส่วนตำบล"),
    ("officer-mueangkhok", "mueang-khok", Membership.Role.OFFICER, "นายธนา", "ขยันดี", "นิติกรปฏิบัติการ"),
    ("executive-mueangkhok", "mueang-khok", Membership.Role.EXECUTIVE, "นางสาวมาลี", "ศรีสุข", "นายกเทศมนตรีตำบลเมืองโคก"),
    ("officer-saensuk", "saen-suk", Membership.Role.OFFICER, "นางสาวปรียา", "แสงทอง", "นิติกรชำนาญการ"),
    ("officer-nongkhla", "nong-khla", Membership.Role.OFFICER, "นายกิตติ", "หนองน้ำ", "นักจัดการงานทั่วไป"),
    ("officer-kkpao", "khon-kaen-pao", Membership.Role.OFFICER, "นางรัตนา", "แก่นจันทร์", "นิติกรชำนาญการพิเศษ"),
    ("officer-nonsila", "non-sila", Membership.Role.OFFICER, "นายสุชาติ", "ศิลาแก้ว", "นักวิเคราะห์นโยบายและแผน"),
]  # fmt: skip
# (username, province, first name, last name)
PROVINCE_READERS = [
    ("province-chonburi", "ชลบุรี", "นายอำนาจ", "ส่งเสริม"),
    ("province-khonkaen", "ขอนแก่น", "นางสาวจันทร์เพ็ญ", "ท้องถิ่นดี"),
]  # fmt: skip
# The province administrators (สถ.จ.): add organisations, invite their administrators.
PROVINCE_ADMINS = [
    ("province-admin-chonburi", "ชลบุรี", "นายประยุทธ", "ท้องถิ่นชล"),
    ("province-admin-khonkaen", "ขอนแก่น", "นางวันเพ็ญ", "ท้องถิ่นแก่น"),
]  # fmt: skip
SUPERUSER = "admin"


@dataclass
class Demo:
    """What every app's demo builds on: the date, the two fiscal years, organisations, people."""

    today: date
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    @property
    def current_year(self) -> int:
        """The fiscal year `today` is in (1 Oct – 30 Sep, Buddhist era)."""
        return fiscal_year(self.today)

    @property
    def last_year(self) -> int:
        """The last completed fiscal year."""
        return self.current_year - 1

    @property
    def main(self) -> Organisation:
        """The organisation with the whole integrity programme."""
        return self.orgs[ORGS[0]["slug"]]


def usernames() -> list[str]:
    return (
        [p[0] for p in PEOPLE]
        + [r[0] for r in PROVINCE_READERS]
        + [a[0] for a in PROVINCE_ADMINS]
        + [SUPERUSER]
    )


def load_demo(today: date, password: str | None = None) -> tuple[Demo, str | None]:
    """Create or refresh the organisations and people; returns the context and the password set
    (None when the accounts existed and no password was asked for)."""
    demo = Demo(today=today)
    for data in ORGS:
        subdistrict = Subdistrict.objects.filter(
            name_th=SUBDISTRICTS[data["slug"]],
            district__name_th=data["district"],
            district__province__name_th=data["province"],
        ).first()
        org, _ = Organisation.objects.update_or_create(
            slug=data["slug"],
            defaults={**data, "code": CODES[data["slug"]], "subdistrict": subdistrict},
        )
        demo.orgs[org.slug] = org
        for order, (unit_name, positions) in enumerate(UNITS.items()):
            unit, _ = Unit.objects.update_or_create(
                org=org, name=unit_name, defaults={"order": order}
            )
            for title, occupied, vacant in positions:
                Position.objects.update_or_create(
                    unit=unit, title=title, defaults={"occupied": occupied, "vacant": vacant}
                )
    users = get_user_model().objects
    fresh = not users.filter(username__in=usernames()).exists()
    chosen = password or (secrets.token_urlsafe(9) if fresh else None)
    names = (
        {p[0]: (p[3], p[4]) for p in PEOPLE}
        | {r[0]: (r[2], r[3]) for r in PROVINCE_READERS}
        | {a[0]: (a[2], a[3]) for a in PROVINCE_ADMINS}
    )
    for username in usernames():
        user, created = users.get_or_create(username=username)
        user.first_name, user.last_name = names.get(username, ("", ""))
        user.email = f"{username}@demo.example"  # where invitations and resets would go
        if username == SUPERUSER:
            user.is_staff = user.is_superuser = True
        if chosen and (created or password):
            user.set_password(chosen)
        user.save()
        demo.users[username] = user
    for username, slug, role, _first, _last, position in PEOPLE:
        Membership.objects.update_or_create(
            user=demo.users[username], org=demo.orgs[slug],
            defaults={"role": role, "position": position},
        )  # fmt: skip
    for people, role in (
        (PROVINCE_READERS, ProvinceRole.Role.READER),
        (PROVINCE_ADMINS, ProvinceRole.Role.ADMINISTRATOR),
    ):
        for username, province, _first, _last in people:
            ProvinceRole.objects.update_or_create(
                user=demo.users[username], province=province, defaults={"role": role}
            )
    return demo, (chosen if (fresh or password) else None)
