# An EMR cluster with Flink on YARN that runs the scoring job in application mode. Two steps at creation:
# the first copies the job jar (and the lib/ jars) onto the primary node, the second submits the job with
# its options. Steps run only when the cluster is created: an upgrade is a stop with a savepoint and a new
# step (docs/deployment.md, and the steps output).

locals {
  local_jar = "/home/hadoop/intentstream/${basename(var.job_jar_uri)}"

  # config.yaml's values as classification strings: lists joined with ';', which Flink reads as a list in
  # both its YAML and its legacy flink-conf.yaml format.
  flink_conf = merge(
    { for key, value in yamldecode(var.flink_conf_yaml) : key => try(join(";", value), tostring(value)) },
    {
      "execution.checkpointing.dir"           = var.checkpoint_dir
      "execution.checkpointing.savepoint-dir" = var.savepoint_dir
    },
    var.flink_conf_overrides,
  )

  setup_commands = concat(
    ["set -euo pipefail", "mkdir -p /home/hadoop/intentstream", "aws s3 cp ${var.job_jar_uri} ${local.local_jar}"],
    [for uri in var.cluster_lib_jar_uris : "sudo aws s3 cp ${uri} /usr/lib/flink/lib/"],
  )

  setup_args = ["bash", "-c", join("; ", local.setup_commands)]

  submit_args = concat(
    ["flink", "run-application", "-t", "yarn-application", "-p", tostring(var.parallelism),
    "-Dyarn.application.name=${var.name_prefix}-scoring", local.local_jar],
    flatten([for name in sort(keys(var.job_options)) : ["--${name}", var.job_options[name]]]),
  )
}

resource "aws_emr_cluster" "this" {
  name          = "${var.name_prefix}-flink"
  release_label = var.release_label
  applications  = ["Flink"]
  service_role  = var.service_role_arn
  log_uri       = var.log_uri

  keep_job_flow_alive_when_no_steps = true
  termination_protection            = false

  ec2_attributes {
    subnet_id        = var.subnet_id
    instance_profile = var.instance_profile_arn
  }

  master_instance_group {
    instance_type = var.primary_instance_type
  }

  core_instance_group {
    instance_type  = var.core_instance_type
    instance_count = var.core_instance_count

    ebs_config {
      size                 = 100
      type                 = "gp3"
      volumes_per_instance = 1
    }
  }

  configurations_json = jsonencode([
    {
      Classification = "flink-conf"
      Properties     = local.flink_conf
    },
  ])

  step {
    name              = "${var.name_prefix}-setup"
    action_on_failure = "CANCEL_AND_WAIT"

    hadoop_jar_step {
      jar  = "command-runner.jar"
      args = local.setup_args
    }
  }

  step {
    name              = "${var.name_prefix}-submit"
    action_on_failure = "CONTINUE"

    hadoop_jar_step {
      jar  = "command-runner.jar"
      args = local.submit_args
    }
  }

  # EMR's scoped service policy acts only on resources carrying this tag.
  tags = merge(var.tags, { "for-use-with-amazon-emr-managed-policies" = "true" })

  lifecycle {
    # Steps run once, at creation; a changed step list must not replace a running cluster and its job.
    ignore_changes = [step]
  }
}
