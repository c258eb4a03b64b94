"""Uploads ingested in the background with progress, the documents list, delete and re-ingest."""

import time

from core.db import session_scope
from ingest import store


def wait_for_job(client, html: str, timeout: float = 60) -> str:
    """Follow the job fragment's own polling link until it stops polling."""
    deadline = time.monotonic() + timeout
    while 'hx-trigger="every 1s"' in html:
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.2)
        job_url = html.split('hx-get="', 1)[1].split('"', 1)[0]
        html = client.get(job_url, headers={"HX-Request": "true"}).text  # as the page's htmx polls it
    return html


def upload(client, files):
    return client.post("/documents/upload", files=[("files", f) for f in files], headers={"HX-Request": "true"})


def test_upload_ingests_in_the_background_and_reports_each_file(client, app_settings):
    app_settings.max_upload_bytes = 5_000
    response = upload(client, [("faq.md", b"# FAQ\n\nThe helpdesk opens at 8 am.", "text/markdown"),
                               ("공지.txt", "환불은 영업일 기준 5일 이내에 처리됩니다.".encode(), "text/plain"),
                               ("huge.txt", b"x" * 6_000, "text/plain"),
                               ("../../etc/passwd.md", b"# Sneaky\n\nPath in the name.", "text/markdown"),
                               ("drawing.xyz", b"not a document", "application/octet-stream")])
    assert response.status_code == 200
    job_url = response.text.split('hx-get="', 1)[1].split('"', 1)[0]
    opened = client.get(job_url, follow_redirects=False)  # a reload or a new tab: the page, not a bare fragment
    assert opened.status_code == 303 and opened.headers["location"] == "/documents"
    html = wait_for_job(client, response.text)
    assert "3 added" in html and "1 failed" in html and "upload/huge.txt" in html and "limit" in html
    assert "1 skipped" in html and "drawing.xyz" in html.split('class="skipped"', 1)[1], "what was not read is said"
    listed = html.split('<div id="documents" hx-swap-oob="true">', 1)[1]
    assert "upload/faq.md" in listed and "upload/공지.txt" in listed, "the finished job refreshes the list"
    with session_scope(client.app.state.runtime.session_factory) as session:
        sources = {d.source for d in store.list_documents(session=session)}
    assert {"upload/faq.md", "upload/공지.txt", "upload/passwd.md"} <= sources
    answer = client.post("/api/ask", json={"question": "When does the helpdesk open?"}).json()
    assert "8 am" in answer["answer"]

    again = wait_for_job(client, upload(client, [("faq.md", b"# FAQ\n\nThe helpdesk opens at 9 am.", "text/markdown")]).text)
    assert "1 updated" in again
    uploads = app_settings.uploads
    copies = list(uploads.glob("*/*/faq.md"))
    assert [p.read_bytes() for p in copies] == [b"# FAQ\n\nThe helpdesk opens at 9 am."], "the newer upload replaces"
    with session_scope(client.app.state.runtime.session_factory) as session:
        faq = next(d for d in store.list_documents(session=session) if d.source == "upload/faq.md")
    assert client.post(f"/documents/{faq.id}/delete").status_code == 200
    assert not list(uploads.glob("*/*/faq.md")) and not copies[0].parent.exists(), "a deleted document's file goes"
    assert list(uploads.glob("*/*/passwd.md")), "other uploads stay"


def test_documents_page_lists_deletes_and_reingests(client):
    page = client.get("/documents")
    assert page.status_code == 200 and "kb/install.md" in page.text and 'type="file"' in page.text
    with session_scope(client.app.state.runtime.session_factory) as session:
        doc = next(d for d in store.list_documents(session=session) if d.source.endswith("install.md"))
    reingested = wait_for_job(client, client.post(f"/documents/{doc.id}/reingest").text)
    assert "1 unchanged" in reingested, "read again, its content is what it was"
    with session_scope(client.app.state.runtime.session_factory) as session:
        assert store.get_document(session=session, document_id=doc.id).version == 1, \
            "no new version: a golden item reviewed against it stays good"
    table = client.post(f"/documents/{doc.id}/delete", headers={"HX-Request": "true"})
    assert table.status_code == 200 and "install.md" not in table.text
    assert client.app.state.runtime.index.count(document_id=doc.id) == 0
    assert client.post(f"/documents/{doc.id}/delete").status_code == 404


def test_a_file_that_fails_is_not_kept_and_its_document_keeps_its_earlier_file(client, app_settings):
    good = _pdf_bytes()
    wait_for_job(client, upload(client, [("guide.pdf", good, "application/pdf")]).text)
    uploads = app_settings.uploads
    assert len(list(uploads.glob("*/*/guide.pdf"))) == 1
    html = wait_for_job(client, upload(client, [("guide.pdf", b"%PDF-1.4 broken", "application/pdf")]).text)
    assert "1 failed" in html
    kept = list(uploads.glob("*/*/guide.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == good, "the failed upload is gone, the earlier one stays"
    html = wait_for_job(client, upload(client, [("broken.pdf", b"%PDF-1.4 broken", "application/pdf")]).text)
    listed = html.split('<div id="documents" hx-swap-oob="true">', 1)[1]
    row = listed.split("upload/broken.pdf", 1)[1].split("</tr>", 1)[0]
    assert "/reingest" not in row and "Upload it again" in row, "no re-ingest of a file that was never kept"
    assert "/reingest" in listed.split("upload/guide.pdf", 1)[1].split("</tr>", 1)[0]


def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="The helpdesk opens at nine.")
    return bytes(pdf.output())


def test_bad_uploads_get_a_clear_error(client):
    assert upload(client, []).status_code == 422
    assert client.get("/documents/jobs/nope").status_code == 404
    assert client.post("/api/ingest/jobs", json={"paths": ["/"], "names": ["/"]}).status_code == 403


def test_the_documents_list_is_shown_per_collection_and_uploads_go_to_the_chosen_one(client):
    posted = client.post("/documents/upload", data={"collection": "default"}, headers={"HX-Request": "true"},
                         files=[("files", ("leave.md", b"# Leave\n\nTwenty days of paid leave a year.",
                                           "text/markdown"))])
    wait_for_job(client, posted.text)
    with session_scope(client.app.state.runtime.session_factory) as session:
        leave = next(d for d in store.list_documents(session=session) if d.source == "upload/leave.md")
        leave.collection = "hr"  # as if uploaded there (the page offers the collections that exist)
    page = client.get("/documents")
    assert 'href="/documents?collection=hr"' in page.text and "hr (1)" in page.text
    assert '<option value="hr"' in page.text, "an editor uploads to any collection they may write"
    hr = client.get("/documents?collection=hr")
    rows = hr.text.split("<tbody>", 1)[1]
    assert "upload/leave.md" in rows and "kb/install.md" not in rows
    refreshed = client.post(f"/documents/{leave.id}/delete",
                            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/documents?collection=hr"})
    assert "upload/leave.md" not in refreshed.text and "kb/install.md" not in refreshed.text.split("<tbody>", 1)[1]
