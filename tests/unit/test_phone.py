"""The local phone (stack/phone.py) and `make sms` (stack/sms.py): what a person reads, and that
no deployed function or template carries any of it."""

from __future__ import annotations

import json

from infra.discover import ROOT, discover
from infra.project import build
from infra.template import dump, generate
from stack import sms
from stack.phone import Phone, read


def _phone(tmp_path, said=None):
    return Phone(tmp_path / "sms.jsonl", console=said.append if said is not None else None)


def test_each_sms_is_printed_and_kept(tmp_path):
    said: list[str] = []
    phone = _phone(tmp_path, said)
    phone.record("+919000000004", "OTP 123456")
    phone.record("+919876543210", "OTP 654321")
    assert said == ["📱 SMS to +919000000004: OTP 123456", "📱 SMS to +919876543210: OTP 654321"]
    lines = [json.loads(line) for line in phone.path.read_text().splitlines()]
    assert [e["to"] for e in lines] == ["+919000000004", "+919876543210"]
    assert all(e["at"].endswith("Z") and len(e["at"]) == 24 for e in lines)


def test_read_by_number_masked_number_time_and_limit(tmp_path):
    phone = _phone(tmp_path)
    for n in range(5):
        phone.record("+919000000004", f"message {n}")
    phone.record("+919000000005", "other")
    assert [e["text"] for e in read(phone.path, "9000000004", limit=2)] == ["message 3", "message 4"]
    assert [e["text"] for e in read(phone.path, "XXXXXX0005")] == ["other"]         # masked: last digits
    assert len(read(phone.path)) == 6
    assert read(phone.path, "9000000004", since="2999-01-01T00:00:00.000Z") == []
    assert read(tmp_path / "none.jsonl", "9000000004") == []


def test_a_half_written_line_is_skipped(tmp_path):
    phone = _phone(tmp_path)
    phone.record("+919000000004", "whole")
    with phone.path.open("a") as handle:
        handle.write('{"at": "2026-')
    assert [e["text"] for e in read(phone.path, "9000000004")] == ["whole"]


def test_make_sms_prints_the_numbers_sms_and_says_when_there_are_none(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOCAL_STATE_DIR", str(tmp_path))
    assert sms.main(["9000000004"]) == 1
    assert "no SMS yet" in capsys.readouterr().err
    _phone(tmp_path).record("+919000000004", "OTP 123456")
    assert sms.main(["9000000004"]) == 0
    assert "+919000000004: OTP 123456" in capsys.readouterr().out
    assert sms.main(["9111111111"]) == 1
    assert "no SMS to 9111111111" in capsys.readouterr().err


def test_no_deployed_function_or_template_has_a_phone_or_sms_route():
    functions = discover(ROOT)
    paths = [route["path"] for function in functions.values() for route in function["routes"]]
    assert len(paths) > 50                                                # every function's routes are read
    template = generate(build(ROOT, functions=functions))
    api_paths = list(template["Resources"]["RestApi"]["Properties"]["Body"]["paths"])
    assert api_paths                                                     # the template does list routes
    for path in paths + api_paths:
        assert "phone" not in path.lower() and "sms" not in path.lower(), path
    text = dump(template)
    assert "stack.phone" not in text and "sms.jsonl" not in text and "/phone" not in text


def test_read_finds_the_newest_across_read_blocks(tmp_path):
    from stack import phone as phone_module

    phone = _phone(tmp_path)
    for n in range(3000):
        phone.record(f"+91900000{n % 7:04d}", f"message {n} " + "x" * (n % 50))
    every = read(phone.path, limit=10_000)
    assert [e["text"].split()[1] for e in every] == [str(n) for n in range(3000)]   # none lost or cut
    lines = list(phone_module._lines_backwards(phone.path, block=333))
    assert len(lines) == 3000 and json.loads(lines[0])["text"].startswith("message 2999 ")
    assert [e["text"].split()[1] for e in read(phone.path, "9000000003", limit=2)] == ["2992", "2999"]
