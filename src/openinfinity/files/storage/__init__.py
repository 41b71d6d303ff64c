"""Storage backends behind one small interface (`base.Storage`), chosen by settings."""

from __future__ import annotations

from openinfinity.core.config import Settings
from openinfinity.files.storage.base import ObjectMissing, Storage, check_key
from openinfinity.files.storage.local import LocalStorage
from openinfinity.files.storage.s3 import S3Storage


def build_storage(settings: Settings) -> Storage:
    """The backend the settings name (OPENINFINITY_STORAGE_BACKEND: local | s3)."""
    if settings.storage_backend == "s3":
        if not settings.s3_bucket:
            raise ValueError("OPENINFINITY_S3_BUCKET is required when OPENINFINITY_STORAGE_BACKEND=s3")
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )
    return LocalStorage(settings.storage_dir)


__all__ = ["ObjectMissing", "Storage", "build_storage", "check_key"]
