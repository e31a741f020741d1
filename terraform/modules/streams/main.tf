# The job's streams. With Kinesis: one input stream (events) and three output streams (scores, session
# outcomes, dead letters), encrypted with the AWS-managed key so that no KMS permission is needed by the
# job. With Kafka (e.g. MSK) the cluster and its topics exist already; this module only turns them into job
# options.

locals {
  kinesis_streams = var.event_source == "kinesis" ? toset(["events", "scores", "outcomes", "dead_letters"]) : toset([])

  # The job's options for each source; names are checked against the job's parser by
  # TerraformConfigurationTest (flink-job).
  kinesis_job_options = {
    "source"                      = "kinesis"
    "kinesis-stream"              = try(aws_kinesis_stream.this["events"].arn, "")
    "kinesis-scores-stream"       = try(aws_kinesis_stream.this["scores"].name, "")
    "kinesis-outcomes-stream"     = try(aws_kinesis_stream.this["outcomes"].name, "")
    "kinesis-dead-letters-stream" = try(aws_kinesis_stream.this["dead_letters"].name, "")
  }
  kafka_job_options = {
    "source"                  = "kafka"
    "kafka-bootstrap-servers" = var.kafka_bootstrap_servers
    "kafka-topics"            = var.kafka_topics
    "kafka.security.protocol" = "SSL"
  }
}

resource "aws_kinesis_stream" "this" {
  for_each = local.kinesis_streams

  name             = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  shard_count      = var.stream_mode == "PROVISIONED" ? var.shard_counts[each.key] : null
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  stream_mode_details {
    stream_mode = var.stream_mode
  }

  tags = var.tags
}
