"""Web: the FastAPI app (chat page, JSON API) over the answer and feedback stages."""
