-- Delivery of each message: 'sending' (queued for SMTP), 'delivered' (the
-- mail server took it, or the demo outbox is its delivery) or 'failed' (with
-- the mail server's answer in delivery_error). Earlier rows were outbox-only.
ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'delivered';
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;
