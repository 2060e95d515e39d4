"""This laptop's Ed25519 key and fingerprints that can be read aloud.

One key per laptop lives in its data dir (``MINGA_HOME`` overrides it); every
cooperative file on the laptop signs its bundles with it, so a peer that
trusts the laptop keeps trusting it when a restored file gets a new device id.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from models.paths import data_dir

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "device-key.pem"
PUBLIC_FILE = "device-key.pub"
FINGERPRINT_BYTES = 10  # 80 bits: 16 base32 letters in four groups


def key_path(home: Path | None = None) -> Path:
    """Where this laptop's private key is kept."""
    return (home or data_dir()) / KEY_FILE


def private_key(home: Path | None = None) -> Ed25519PrivateKey:
    """This laptop's signing key, made on first use (readable by its owner only)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path(home)
    if path.is_file():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise TypeError(f"{path}: not an Ed25519 key")
        public = path.parent / PUBLIC_FILE
        if not public.is_file():
            public.write_text(public_bytes(loaded).hex() + "\n")
        return loaded
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    tmp.replace(path)
    (path.parent / PUBLIC_FILE).write_text(public_bytes(key).hex() + "\n")
    return key


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of the key's public half."""
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    """An Ed25519 signature of ``data``."""
    return key.sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` was made by the holder of ``public``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public: bytes) -> str:
    """A public key's fingerprint as four groups of four letters, e.g. ``ABCD-EFGH-JKLM-NPQR``."""
    digest = hashlib.sha256(public).digest()[:FINGERPRINT_BYTES]
    letters = base64.b32encode(digest).decode().rstrip("=")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normal_fingerprint(text: str) -> str:
    """A typed fingerprint in the shown form (case, spaces and dashes ignored)."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
