"""Notification service: owners ' messages (消息中心), their SMS and SMS preferences."""
