# A Managed Service for Apache Flink application (runtime FLINK-1_20) running the job jar from S3. The job
# reads its options from the IntentStreamJob property group (ManagedFlinkProperties in flink-job); the
# service owns checkpoints (interval set here), snapshots (restored from the latest on every update) and
# parallelism.

resource "aws_cloudwatch_log_group" "this" {
  # The iam module grants writing to this name.
  name              = "/aws/kinesis-analytics/${var.name_prefix}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

resource "aws_cloudwatch_log_stream" "this" {
  name           = "application"
  log_group_name = aws_cloudwatch_log_group.this.name
}

resource "aws_kinesisanalyticsv2_application" "this" {
  name                   = "${var.name_prefix}-scoring"
  runtime_environment    = "FLINK-1_20"
  service_execution_role = var.service_execution_role_arn
  start_application      = var.start_application

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"

      code_content {
        s3_content_location {
          bucket_arn     = var.jar_bucket_arn
          file_key       = var.jar_key
          object_version = var.jar_version
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = true
    }

    environment_properties {
      property_group {
        property_group_id = "IntentStreamJob"
        property_map      = var.job_options
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = var.checkpoint_interval_ms
        min_pause_between_checkpoints = 0
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = var.log_level
        metrics_level      = "TASK"
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        parallelism          = var.parallelism
        parallelism_per_kpu  = var.parallelism_per_kpu
        auto_scaling_enabled = var.auto_scaling
      }
    }

    run_configuration {
      application_restore_configuration {
        application_restore_type = "RESTORE_FROM_LATEST_SNAPSHOT"
      }

      flink_run_configuration {
        allow_non_restored_state = false
      }
    }

    dynamic "vpc_configuration" {
      for_each = length(var.vpc_subnet_ids) > 0 ? [1] : []

      content {
        subnet_ids         = var.vpc_subnet_ids
        security_group_ids = var.vpc_security_group_ids
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.this.arn
  }

  tags = var.tags
}
