"""Uploads: only the allowed kinds and sizes of image and document, and documents served safely."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes():
    output = io.BytesIO()
    PillowImage.new("RGB", (4, 4), "white").save(output, "PNG")
    return output.getvalue()


def add_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def add_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.parametrize("name", ["run-me.exe", "page.html", "drawing.svg"])
def test_documents_of_other_kinds_are_refused(admin_client, name):
    response = add_document(admin_client, name, b"content")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


def test_documents_over_the_size_limit_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = add_document(admin_client, "minutes.pdf", b"%PDF-1.4\n" + b"x" * 2000)
    errors = response.context["form"].errors["file"]
    assert "This file is too big (2.0\xa0KB). Maximum filesize 1.0\xa0KB." in errors
    assert not get_document_model().objects.exists()


def test_documents_are_served_through_wagtail_s_view(admin_client, client):
    assert add_document(admin_client, "minutes.pdf", b"%PDF-1.4 minutes").status_code == 302
    document = get_document_model().objects.get()
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


def test_svg_images_are_refused_and_photos_accepted(admin_client):
    response = add_image(admin_client, "drawing.svg", SVG)
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert add_image(admin_client, "hall.png", png_bytes()).status_code == 302
    assert list(get_image_model().objects.values_list("title", flat=True)) == ["hall.png"]
