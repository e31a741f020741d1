# The roles the job runs with, allowed exactly what the job does: read the event stream, write the result
# streams, read model bundles, write the archive (and, on EMR, checkpoints and savepoints), plus what each
# runtime itself needs. Object access is granted per key prefix (the storage module's paths), never per
# bucket. Wildcards in resources only where AWS offers nothing narrower, each with the reason above it.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  emr           = var.runtime == "emr" ? 1 : 0
  managed_flink = var.runtime == "managed_flink" ? 1 : 0
  kinesis       = var.event_source == "kinesis" ? 1 : 0
  vpc           = var.runtime == "managed_flink" && length(var.vpc_subnet_ids) > 0 ? 1 : 0

  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  # The managed_flink module names its log group the same way.
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/kinesis-analytics/${var.name_prefix}"
  eni_arn       = "arn:${local.partition}:ec2:${local.region}:${local.account}:network-interface/*"
}

# ---- What the job does, on either runtime ----

data "aws_iam_policy_document" "kinesis" {
  count = local.kinesis

  statement {
    sid       = "ReadEventStream"
    actions   = ["kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"]
    resources = var.input_stream_arns
  }

  statement {
    sid       = "WriteResultStreams"
    actions   = ["kinesis:PutRecords"]
    resources = var.output_stream_arns
  }
}

data "aws_iam_policy_document" "job_storage" {
  statement {
    sid       = "ListModelsAndArchive"
    actions   = ["s3:ListBucket"]
    resources = [var.paths.models.bucket_arn, var.paths.archive.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.paths.models.prefix}*", "${var.paths.archive.prefix}*"]
    }
  }

  statement {
    sid       = "ReadModels"
    actions   = ["s3:GetObject"]
    resources = ["${var.paths.models.bucket_arn}/${var.paths.models.prefix}*"]
  }

  # The file sink writes in-progress objects as multipart uploads, completes them on checkpoints and
  # deletes what a restore abandons.
  statement {
    sid = "WriteArchive"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.paths.archive.bucket_arn}/${var.paths.archive.prefix}*"]
  }

  statement {
    sid       = "ListArchiveUploads"
    actions   = ["s3:ListBucketMultipartUploads"]
    resources = [var.paths.archive.bucket_arn]
  }
}

data "aws_iam_policy_document" "job" {
  source_policy_documents = concat(data.aws_iam_policy_document.kinesis[*].json, [data.aws_iam_policy_document.job_storage.json])
}

# ---- EMR: the EC2 instance profile (the job's role there) and the EMR service role ----

data "aws_iam_policy_document" "emr_nodes" {
  count = local.emr

  source_policy_documents = [data.aws_iam_policy_document.job.json]

  statement {
    sid       = "ListState"
    actions   = ["s3:ListBucket"]
    resources = [var.paths.checkpoints.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.paths.checkpoints.prefix}*", "${var.paths.savepoints.prefix}*"]
    }
  }

  statement {
    sid = "ReadWriteState"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = [
      "${var.paths.checkpoints.bucket_arn}/${var.paths.checkpoints.prefix}*",
      "${var.paths.savepoints.bucket_arn}/${var.paths.savepoints.prefix}*",
    ]
  }

  # The setup step copies the job jar and the lib/ jars onto the primary node.
  statement {
    sid       = "ReadJars"
    actions   = ["s3:GetObject"]
    resources = ["${var.paths.jars.bucket_arn}/${var.paths.jars.prefix}*"]
  }

  # EMR's log pusher uploads YARN and step logs to the cluster's log URI with the nodes' role.
  statement {
    sid       = "WriteClusterLogs"
    actions   = ["s3:PutObject"]
    resources = ["${var.paths.emr_logs.bucket_arn}/${var.paths.emr_logs.prefix}*"]
  }
}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "emr_nodes" {
  count = local.emr

  name               = "${var.name_prefix}-emr-nodes"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json

  tags = var.tags
}

resource "aws_iam_role_policy" "emr_nodes" {
  count = local.emr

  name   = "${var.name_prefix}-job"
  role   = aws_iam_role.emr_nodes[0].id
  policy = data.aws_iam_policy_document.emr_nodes[0].json
}

resource "aws_iam_instance_profile" "emr_nodes" {
  count = local.emr

  name = "${var.name_prefix}-emr-nodes"
  role = aws_iam_role.emr_nodes[0].name

  tags = var.tags
}

data "aws_iam_policy_document" "emr_service_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["elasticmapreduce.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "emr_service" {
  count = local.emr

  name               = "${var.name_prefix}-emr-service"
  assume_role_policy = data.aws_iam_policy_document.emr_service_trust.json

  tags = var.tags
}

# AWS's scoped EMR service policy: it acts only on network resources tagged
# for-use-with-amazon-emr-managed-policies=true (the emr module tags the cluster; tag your subnet).
resource "aws_iam_role_policy_attachment" "emr_service" {
  count = local.emr

  role       = aws_iam_role.emr_service[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"
}

# The managed policy may pass only a role named EMR_EC2_DefaultRole to the instances; ours has our name.
data "aws_iam_policy_document" "emr_pass_node_role" {
  count = local.emr

  statement {
    sid       = "PassNodeRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.emr_nodes[0].arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "emr_service" {
  count = local.emr

  name   = "${var.name_prefix}-pass-node-role"
  role   = aws_iam_role.emr_service[0].id
  policy = data.aws_iam_policy_document.emr_pass_node_role[0].json
}

# ---- Managed Service for Apache Flink: the application's service execution role ----

data "aws_iam_policy_document" "managed_flink_service" {
  count = local.managed_flink

  statement {
    sid       = "ReadJobJar"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.paths.jars.bucket_arn}/${var.job_jar_key}"]
  }

  # DescribeLogGroups lists the account's log groups: it has no narrower resource than all of them.
  statement {
    sid       = "FindLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:*"]
  }

  # DescribeLogStreams is granted on the streams of the application's own log group only.
  statement {
    sid       = "FindLogStream"
    actions   = ["logs:DescribeLogStreams"]
    resources = ["${local.log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:log-stream:application"]
  }
}

data "aws_iam_policy_document" "managed_flink_vpc" {
  count = local.vpc

  # EC2's Describe calls support no resource-level permissions: AWS requires "*".
  statement {
    sid = "DescribeNetwork"
    actions = [
      "ec2:DescribeVpcs",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeDhcpOptions",
      "ec2:DescribeNetworkInterfaces",
    ]
    resources = ["*"]
  }

  # The service creates the application's network interfaces in the given subnets and security groups;
  # their ids are not known before, so interfaces are matched by ARN pattern.
  statement {
    sid     = "CreateInterfaces"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      [for id in var.vpc_subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account}:subnet/${id}"],
      [for id in var.vpc_security_group_ids : "arn:${local.partition}:ec2:${local.region}:${local.account}:security-group/${id}"],
      [local.eni_arn],
    )
  }

  # Interfaces the service created, whose ids are not known before: matched by ARN pattern.
  statement {
    sid       = "ManageInterfaces"
    actions   = ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"]
    resources = [local.eni_arn]
  }
}

data "aws_iam_policy_document" "managed_flink" {
  count = local.managed_flink

  source_policy_documents = concat(
    [data.aws_iam_policy_document.job.json, data.aws_iam_policy_document.managed_flink_service[0].json],
    data.aws_iam_policy_document.managed_flink_vpc[*].json,
  )
}

data "aws_iam_policy_document" "managed_flink_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "managed_flink" {
  count = local.managed_flink

  name               = "${var.name_prefix}-managed-flink"
  assume_role_policy = data.aws_iam_policy_document.managed_flink_trust.json

  tags = var.tags
}

resource "aws_iam_role_policy" "managed_flink" {
  count = local.managed_flink

  name   = "${var.name_prefix}-job"
  role   = aws_iam_role.managed_flink[0].id
  policy = data.aws_iam_policy_document.managed_flink[0].json
}
