output "job_options" {
  description = "The job's source and sink options for the chosen event source."
  value       = var.event_source == "kinesis" ? local.kinesis_job_options : local.kafka_job_options
}

output "input_stream_arns" {
  description = "ARNs the job reads from (empty with Kafka)."
  value       = [for name, stream in aws_kinesis_stream.this : stream.arn if name == "events"]
}

output "output_stream_arns" {
  description = "ARNs the job writes to (empty with Kafka)."
  value       = [for name, stream in aws_kinesis_stream.this : stream.arn if name != "events"]
}
