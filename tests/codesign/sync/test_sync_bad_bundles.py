"""Bad bundles: each rejected with one clear line, exit 65, and the cooperative unchanged."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_laptops import Laptop, forge, logical_dump

from codesign.cli.main import main
from codesign.people import service
from codesign.sync import bundle
from models.ids import uuid7


@pytest.fixture
def pair(laptops, tmp_path: Path) -> Iterator[tuple[Laptop, Laptop, Path]]:
    """A and B joined; A has a new person; ``good.zip`` carries it to B."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.zip")
    with a.open() as ws:
        service.add_person(ws, name="Rosa Lema", phone="0991234567")
    yield a, b, a.export(tmp_path / "good.zip")


def _rejected(b: Laptop, path: Path, capsys: pytest.CaptureFixture[str], code: int = 65) -> str:
    before = logical_dump(b.file)
    with b.env():
        assert main(["sync", "import", str(b.file), str(path)]) == code
    assert logical_dump(b.file) == before
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("minga: ")
    return err


def test_truncated_bundles(pair, tmp_path: Path, capsys) -> None:
    """A bundle cut at any of many offsets is refused."""
    _a, b, good = pair
    data = good.read_bytes()
    step = max(len(data) // 23, 1)
    for offset in [0, 1, 4, 30, *range(50, len(data), step), len(data) - 22, len(data) - 1]:
        cut = tmp_path / f"cut-{offset}.zip"
        cut.write_bytes(data[:offset])
        _rejected(b, cut, capsys)


def test_bit_flips_in_members(pair, tmp_path: Path, capsys) -> None:
    """A flipped bit anywhere in a member's bytes is refused (CRC, hash or signature)."""
    _a, b, good = pair
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        spans = []
        for info in zf.infolist():
            local = data[info.header_offset : info.header_offset + 30]
            name_len = int.from_bytes(local[26:28], "little")
            extra_len = int.from_bytes(local[28:30], "little")
            start = info.header_offset + 30 + name_len + extra_len
            spans.append((start, start + info.compress_size))
    for start, end in spans:
        for offset in sorted({start, (start + end) // 2, end - 1}):
            flipped = bytearray(data)
            flipped[offset] ^= 0x10
            bad = tmp_path / f"flip-{offset}.zip"
            bad.write_bytes(bytes(flipped))
            _rejected(b, bad, capsys)


def test_no_signature(pair, tmp_path: Path, capsys) -> None:
    """A bundle without manifest.sig is refused."""
    a, b, good = pair
    bad = forge(good, tmp_path / "nosig.zip", a.home, members=lambda m: m.pop(bundle.SIGNATURE))
    assert "firmado" in _rejected(b, bad, capsys)


def test_forged_signature(pair, tmp_path: Path, capsys) -> None:
    """A manifest naming A's key but signed by another key is refused as altered."""
    a, b, good = pair
    other = tmp_path / "mallory"
    bad = forge(
        good,
        tmp_path / "forged.zip",
        other,
        edit_manifest=lambda m: m.update(public_key=m["public_key"]),
    )
    raw = bundle.read_zip(bad.read_bytes(), "x")
    with a.env():
        from codesign.sync import keys

        a_key = keys.public_bytes(keys.private_key()).hex()
    manifest = raw.manifest_bytes.replace(raw.manifest["public_key"].encode(), a_key.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(bundle.MANIFEST, manifest)
        zf.writestr(bundle.SIGNATURE, raw.signature)
        for name, blob in raw.members.items():
            zf.writestr(name, blob)
    bad.write_bytes(buf.getvalue())
    assert "firma" in _rejected(b, bad, capsys)


def test_unknown_signer_waits_in_quarantine(pair, tmp_path: Path, capsys) -> None:
    """A well-signed bundle from an unknown laptop waits (exit 4) and changes nothing."""
    _a, b, good = pair
    stranger = tmp_path / "stranger"
    bad = forge(
        good,
        tmp_path / "stranger.zip",
        stranger,
        edit_manifest=lambda m: m.update(device=uuid7().hex, device_name="Desconocido"),
    )
    before = logical_dump(b.file)
    with b.env():
        assert main(["sync", "import", str(b.file), str(bad), "--json"]) == 4
    assert '"quarantined"' in capsys.readouterr().out
    assert logical_dump(b.file) == before


def test_impersonated_device(pair, tmp_path: Path, capsys) -> None:
    """A bundle naming a known device but signed with another key is refused."""
    _a, b, good = pair
    bad = forge(good, tmp_path / "imp.zip", tmp_path / "mallory")
    assert "otra clave" in _rejected(b, bad, capsys)


def test_wrong_member_hash(pair, tmp_path: Path, capsys) -> None:
    """Changes swapped for other valid changes no longer match the signed hash."""
    a, b, good = pair
    other, _n = bundle.compress_lines([])

    def swap(members: dict[str, bytes]) -> None:
        members[bundle.CHANGES] = other

    bad = forge(good, tmp_path / "hash.zip", a.home, members=swap)
    assert "hash" in _rejected(b, bad, capsys)


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "blobs/../../x", "a\\..\\b", "x.txt"])
def test_path_traversal_member_names(pair, tmp_path: Path, capsys, name: str) -> None:
    """Member names outside the bundle's own set are refused before anything is read."""
    a, b, good = pair
    bad = forge(good, tmp_path / "trav.zip", a.home, members=lambda m: m.update({name: b"x"}))
    _rejected(b, bad, capsys)


def test_zip_bomb_member(pair, tmp_path: Path, capsys) -> None:
    """A deflated member that would expand thousands of times is refused from its header."""
    a, b, good = pair
    zeros = bytes(64 << 20)
    blob = "blobs/" + bundle.sha256(zeros)

    def bomb(members: dict[str, bytes]) -> None:
        members[blob] = zeros

    raw = forge(good, tmp_path / "bomb0.zip", a.home, members=bomb)
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.read_bytes())) as src, zipfile.ZipFile(data, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info), compress_type=zipfile.ZIP_DEFLATED)
    bad = tmp_path / "bomb.zip"
    bad.write_bytes(data.getvalue())
    assert bad.stat().st_size < 1 << 20
    assert "demasiado grande" in _rejected(b, bad, capsys)


def test_zstd_bomb_changes(pair, tmp_path: Path, capsys) -> None:
    """Changes that decompress to far more than any real journal are cut off while reading."""
    import zstandard

    a, b, good = pair
    bomb = zstandard.ZstdCompressor(level=19).compress(b"\n" * (256 << 20))

    def swap(members: dict[str, bytes]) -> None:
        members[bundle.CHANGES] = bomb

    raw = bundle.read_zip(good.read_bytes(), "x")
    manifest = {k: v for k, v in raw.manifest.items() if k != "members"}
    with a.env():
        from codesign.sync import keys

        key = keys.private_key()
    bad = tmp_path / "zbomb.zip"
    bad.write_bytes(bundle.build_zip(manifest, bomb, {}, key.sign))
    assert "descomprimen" in _rejected(b, bad, capsys)
    del swap


def test_newer_schema(pair, tmp_path: Path, capsys) -> None:
    """A bundle from a newer schema asks to update Minga."""
    a, b, good = pair
    bad = forge(good, tmp_path / "new.zip", a.home, edit_manifest=lambda m: m.update(schema="9999"))
    assert "9999" in _rejected(b, bad, capsys)


def test_duplicate_seq_with_different_content(pair, tmp_path: Path, capsys) -> None:
    """A change number B already holds, with other content, rejects the whole bundle."""
    a, b, _good = pair
    full = a.export(tmp_path / "full.zip", full=True)

    def rename(lines: list[list]) -> list[list]:
        for line in lines:
            if line[4] == "cooperative":
                line[7] = line[7].replace("Cooperativa Sol", "Cooperativa Luna")
        return lines

    bad = forge(full, tmp_path / "dup.zip", a.home, edit_lines=rename)
    assert "difiere" in _rejected(b, bad, capsys)

    def twice(lines: list[list]) -> list[list]:
        copy = list(lines[-1])
        copy[10] = "otra"
        copy[7] = copy[7].replace("Rosa", "Rita")
        return [*lines, copy]

    bad = forge(full, tmp_path / "dup2.zip", a.home, edit_lines=twice)
    _rejected(b, bad, capsys)


def test_wrong_passphrase(pair, tmp_path: Path, capsys, monkeypatch) -> None:
    """An encrypted bundle with the wrong passphrase is refused; the right one imports."""
    a, b, _good = pair
    monkeypatch.setenv("MINGA_PASSPHRASE", "correct horse")
    with a.env():
        assert (
            main(["sync", "export", str(a.file), "-o", str(tmp_path / "enc.zip"), "--encrypt"]) == 0
        )
    assert (tmp_path / "enc.zip").read_bytes().startswith(b"age-encryption.org/v1")
    monkeypatch.setenv("MINGA_PASSPHRASE", "wrong")
    assert "frase de acceso" in _rejected(b, tmp_path / "enc.zip", capsys)
    monkeypatch.setenv("MINGA_PASSPHRASE", "correct horse")
    with b.env():
        assert main(["sync", "import", str(b.file), str(tmp_path / "enc.zip")]) == 0


def test_unreadable_bundle_exits_66(pair, tmp_path: Path, capsys) -> None:
    """A bundle that does not exist is an unreadable file."""
    _a, b, _good = pair
    _rejected(b, tmp_path / "missing.zip", capsys, code=66)
    assert b.file.exists()


def test_revoked_device_is_refused(pair, tmp_path: Path, capsys) -> None:
    """After a device is revoked its bundles are refused, even ones that were fine before."""
    a, b, good = pair
    with b.open() as ws:
        from codesign.sync.devices import list_devices, revoke_device

        (peer,) = [d for d in list_devices(ws) if d.fingerprint == a.fingerprint]
        revoke_device(ws, peer.id)
    assert "revocado" in _rejected(b, good, capsys)


def test_fingerprint_confirmed_before_the_first_bundle(laptops, tmp_path: Path, capsys) -> None:
    """A fingerprint trusted ahead of time lets that laptop's first bundle in without waiting."""
    a, b = laptops(2)
    b.join(a, tmp_path / "join.zip")
    c = Laptop(tmp_path, "c")
    c.receive(tmp_path / "join.zip", trust=a.fingerprint)
    with c.open() as ws:
        service.add_person(ws, name="Nueva Persona")
    c.export(tmp_path / "c.zip")
    with b.env():
        assert main(["device", "trust", str(b.file), c.fingerprint, "--name", "Tesorería"]) == 0
        assert main(["sync", "import", str(b.file), str(tmp_path / "c.zip"), "--json"]) == 0
    assert '"imported"' in capsys.readouterr().out


def test_the_name_given_when_trusting_sticks(laptops, tmp_path: Path, capsys) -> None:
    """A name given with ``device trust --name`` names the device, before and after its bundles."""
    from codesign.sync.devices import list_devices

    a, b = laptops(2)
    b.join(a, tmp_path / "join.zip")
    c = Laptop(tmp_path, "c")
    c.receive(tmp_path / "join.zip", trust=a.fingerprint)
    c.export(tmp_path / "c1.zip")
    with b.env():
        assert main(["device", "trust", str(b.file), c.fingerprint, "--name", "Tesorería"]) == 0
        assert main(["sync", "import", str(b.file), str(tmp_path / "c1.zip")]) == 0
    with c.open() as ws:
        service.add_person(ws, name="Otra Persona")
    c.export(tmp_path / "c2.zip")
    b.receive(tmp_path / "c2.zip")  # the manifest names the laptop as its owner did
    with b.open() as ws:
        names = {d.fingerprint: d.name for d in list_devices(ws)}
    assert names[c.fingerprint] == "Tesorería"
    assert names[a.fingerprint] != "Tesorería"
    with b.env():  # renaming a known device also sticks
        assert main(["device", "trust", str(b.file), a.fingerprint, "--name", "Comité"]) == 0
    b.receive(a.export(tmp_path / "a.zip"))
    with b.open() as ws:
        assert {d.fingerprint: d.name for d in list_devices(ws)}[a.fingerprint] == "Comité"


def test_trusting_a_new_device_needs_the_committee(laptops, tmp_path: Path, capsys, monkeypatch):
    """Out of set-up mode, --trust needs a sign-in as committee or secretary (exit 77 without)."""
    a, b = laptops(2)
    with a.open() as ws:
        _r, boss = service.add_person(ws, name="Rosa Comité", roles=("committee",))
        service.set_passphrase(ws, boss.person, "clave-1")
    a.export(tmp_path / "full.zip", full=True)
    b.receive(tmp_path / "full.zip", trust=a.fingerprint)
    c = Laptop(tmp_path, "c")
    c.receive(tmp_path / "full.zip", trust=a.fingerprint)
    c.export(tmp_path / "c.zip", full=True)
    bundle_c = str(tmp_path / "c.zip")
    before = logical_dump(b.file)
    with b.env():
        assert main(["sync", "import", str(b.file), bundle_c, "--trust", c.fingerprint]) == 77
        assert logical_dump(b.file) == before
        monkeypatch.setenv("MINGA_SIGNIN", "clave-1")
        args = ["sync", "import", str(b.file), bundle_c, "--trust", c.fingerprint]
        assert main([*args, "--as", "Rosa Comité", "--json"]) == 0
    assert '"already"' in capsys.readouterr().out
    with b.open() as ws:
        from codesign.sync.devices import list_devices

        assert any(d.trusted for d in list_devices(ws) if d.fingerprint == c.fingerprint)


def test_an_action_split_by_another_is_refused(pair, tmp_path: Path, capsys) -> None:
    """The changes of one service call come in one run; a group that resumes is refused."""
    a, b, _good = pair
    with a.open() as ws:
        service.add_person(ws, name="Otra Persona")
    a.export(tmp_path / "two.zip")

    def interleave(lines: list[list]) -> list[list]:
        assert lines[0][9] != lines[-1][9]
        lines[-1][9] = lines[0][9]  # the last change claims to belong to the first action
        return lines

    bad = forge(tmp_path / "two.zip", tmp_path / "split.zip", a.home, edit_lines=interleave)
    assert "acción" in _rejected(b, bad, capsys)
