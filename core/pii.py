"""Personal data in text: e-mail addresses, phone numbers (Korean and international), Korean resident registration
numbers, card numbers (Luhn-checked), bank account numbers (Korean dashed formats, IBAN), and names: where the text tells (an
honorific or title next to them: "Mr. Smith", "홍길동 씨", "이름: 김철수") and, in English, where the named-entity
model of `core.names` finds them ("Sarah Johnson approved it"). Used by the guards before LLM
calls, by the answers (`RAGLOOP_PII_IN_ANSWERS`) and by tracing (`RAGLOOP_PII_IN_TRACES`)."""

from __future__ import annotations

import re

from core.names import model_names

_KOREAN_SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌"
PII_PATTERNS: dict[str, re.Pattern] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "rrn": re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}(?!\d)"),
    "card": re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b"),
    "account": re.compile(r"(?<![\d-])\d{2,6}-\d{2,6}-\d{2,8}(?:-\d{1,3})?(?![\d-])"),
    "phone": re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?[ .-]?\d{3,4}[ .-]?\d{4}"
                        r"|01[016789][ .-]?\d{3,4}[ .-]?\d{4}|0\d{1,2}[ .)-]\d{3,4}[ .-]\d{4}"
                        r"|\(\d{3}\)\s?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?!\d)"),
    "name": re.compile(
        r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
        r"|\b(?:[Mm]y name is|[Nn]ame:)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
        rf"|(?:이름|성명|고객명)\s*(?:은|는|:)?\s*[{_KOREAN_SURNAMES}][가-힣]{{1,2}}(?![가-힣])"
        rf"|(?<![가-힣])[{_KOREAN_SURNAMES}][가-힣]{{1,2}}(?=\s?(?:씨|님|고객님|고객|선생님|과장님|대리님|부장님))"),
}
# A Korean name beside the title or role it is written with ("원장 김민수", "대표이사: 홍길동", "센터장은 김서연입니다",
# "이수진 강사"), not the words that follow such a title as often ("대표 전화", "팀장 이상"); a name before its title
# is one of three syllables, before a title no other word takes ("이내에 담당" is no name)
_KOREAN_TITLES = ("대표이사|대표자|대표|사장|회장|이사장|원장|관장|센터장|지점장|점장|소장|교장|학장|총장|팀장|부장|과장|실장|"
                  "국장|강사|코치|감독|선생님|선생|셰프|지휘자|대통령|총리|장관|의원|교수|박사|작가|선수|국왕|장군|"
                  "매니저|플로리스트|헤어디자이너|디자이너|트레이너|상담사|포토그래퍼|미용사|바리스타")
_KOREAN_ROLES = f"{_KOREAN_TITLES}|담당자|담당|주임|대리|간호사|약사|수의사|의사|설립자|창업자"
_NOT_A_GIVEN_NAME = "전화|전번|이상|이하|이내|정도|이메일|메일|명의|주소|번호|인사|안내|상담|직통|연락|이사|직속|직무|부재|변경"
_GIVEN_NAME = rf"(?!(?:{_NOT_A_GIVEN_NAME})(?:이|가|은|는|을|를|의|에|으로|로)?(?![가-힣]))[{_KOREAN_SURNAMES}]"
_KOREAN_NAME_BY_ROLE = re.compile(
    rf"(?<![가-힣])(?:{_KOREAN_ROLES})(?:은|는|이|가)?(?:\s*[:：]\s*|\s+)(?P<after>{_GIVEN_NAME}(?:[가-힣]{{1,2}}"
    rf"(?![가-힣])|[가-힣]{{2}}(?=(?:이|가|은|는|을|를|의|와|과)(?![가-힣])|입니다|이며|이고|이다|님|씨)))"
    rf"|(?<![가-힣])(?P<before>{_GIVEN_NAME}[가-힣]{{2}})\s?(?:{_KOREAN_TITLES})")
# Names as a document writes them: a title before an English one, a label before a Korean one
_WRITTEN_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][a-z]+"
                           rf"|(?:이름|성명)\s*(?:은|는|:)?\s*[{_KOREAN_SURNAMES}][가-힣]{{1,2}}(?![가-힣])")
# Checked in this order; a span claimed by an earlier kind is not claimed again (an RRN is not also a phone).
PII_ORDER = ("email", "rrn", "iban", "card", "phone", "account", "name")
ALL_KINDS = frozenset(PII_ORDER)


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(int(c) for c in reversed(digits)):
        total += (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d
    return total % 10 == 0


def find_pii(text: str, *, names_by_model: bool = True) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each piece of personal data, without overlaps, in text order. `names_by_model`: also
    the names the model finds (the rules' names are always found); off where names are not wanted, to save it."""
    found: list[tuple[str, int, int]] = []
    for kind in PII_ORDER:
        for match in PII_PATTERNS[kind].finditer(text):
            start, end = match.span()
            digits = re.sub(r"\D", "", match.group())
            if (kind == "card" and not _luhn(digits)) or (kind == "account" and not 10 <= len(digits) <= 16):
                continue  # not a card number; a date or a version, not an account
            if kind == "name" and match.group().startswith(("이름", "성명", "고객명", "my", "My", "name", "Name")):
                start = end - len(re.split(r"[\s:]+", match.group())[-1])
            if not any(start < e and s < end for _, s, e in found):
                found.append((kind, start, end))
    for start, end in model_names(text) if names_by_model else ():
        if not any(start < e and s < end for _, s, e in found):
            found.append(("name", start, end))
    return sorted(found, key=lambda item: item[1])


def redact(text: str, kinds: frozenset[str]) -> tuple[str, list[str]]:
    """`text` with the personal data of those kinds replaced by [KIND], and the kinds found (in text order)."""
    parts, last, found = [], 0, []
    for kind, start, end in find_pii(text, names_by_model="name" in kinds) if kinds else ():
        if kind in kinds:
            parts += [text[last:start], f"[{kind.upper()}]"]
            last = end
            found.append(kind)
    return "".join(parts) + text[last:], found


def masked_everywhere(data, *, drop: bool = False):
    """Every string inside `data` (dicts, lists, tuples) with its personal data masked as [KIND], or (`drop`) a
    string that holds any replaced by a note that it was withheld."""
    if isinstance(data, str):
        masked, found = redact(data, ALL_KINDS)
        return "[withheld: personal data]" if drop and found else masked
    if isinstance(data, dict):
        return {key: masked_everywhere(value, drop=drop) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(masked_everywhere(value, drop=drop) for value in data)
    return data


def korean_names(text: str) -> list[str]:
    """The Korean names the text writes beside a title or role ("김태호 플로리스트", "점장 이준호"), each once."""
    return list(dict.fromkeys(found.group("after") or found.group("before")
                              for found in _KOREAN_NAME_BY_ROLE.finditer(text)))


def names_a_person(text: str, *, given: str = "") -> bool:
    """Whether the text names a person: a name after a title or a label ("Dr. Okafor", "이름: 김철수"), a Korean one beside
    its title or role ("원장 김민수", "홍길동 대표"), or, in English, one the named-entity model finds ("Captain Rhiannon
    Pengelly", "Rollo"), but a name `given` holds every word of: the model may read a product's made-up name as a
    person's, and "Who founded Tallowiki?" is not answered by "Tallowiki writes a backup archive every night"."""
    said = {word.casefold() for word in re.findall(r"\w+", given)}
    return bool(_WRITTEN_NAME.search(text) or _KOREAN_NAME_BY_ROLE.search(text)
                or any(not {word.casefold() for word in re.findall(r"\w+", text[start:end])} <= said
                       for start, end in model_names(text)))
