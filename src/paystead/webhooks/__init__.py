"""Webhooks: listener entities, signing, the transactional outbox, delivery with retries."""
