"""Feedback: stored answers with provenance, ratings on them, and rating scores in Langfuse."""

from feedback.service import RATINGS, rate, record_answer
from feedback.store import (AnswerRecord, Rating, collections, conversation_queries, disliked_since, get_answer,
                            rated_answers, ratings_for, review_queue)

__all__ = ["RATINGS", "AnswerRecord", "Rating", "collections", "conversation_queries", "disliked_since",
           "get_answer", "rate", "rated_answers", "ratings_for", "record_answer", "review_queue"]
