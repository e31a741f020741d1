output "application_name" {
  description = "The Managed Flink application's name."
  value       = aws_kinesisanalyticsv2_application.this.name
}

output "application_arn" {
  description = "The Managed Flink application's ARN."
  value       = aws_kinesisanalyticsv2_application.this.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the application."
  value       = aws_cloudwatch_log_group.this.name
}
