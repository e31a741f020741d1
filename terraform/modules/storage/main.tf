# The job's buckets, one per kind of data so that each gets the lifecycle it needs:
#   archive   - the Parquet archive (archive/); append-only, so no versioning (it would only keep the file
#               sink's temporary objects)
#   models    - model bundles (models/<version>/): the registry; versioned, a bundle is never lost by a mistake
#   state     - checkpoints/ and savepoints/ (EMR); Flink deletes superseded checkpoints itself, versioning
#               would keep them all, so none; old checkpoints of dead jobs expire
#   artifacts - the job jar and lib/ jars (jars/), EMR logs (emr-logs/); versioned, so a Managed Flink
#               application can name the exact jar version it runs

data "aws_caller_identity" "current" {}

locals {
  buckets   = toset(["archive", "models", "state", "artifacts"])
  versioned = toset(["models", "artifacts"])

  # Where each kind of data lives (bucket kind and key prefix); the IAM policies grant exactly these prefixes.
  paths = {
    archive     = { bucket = "archive", prefix = "archive/" }
    models      = { bucket = "models", prefix = "models/" }
    checkpoints = { bucket = "state", prefix = "checkpoints/" }
    savepoints  = { bucket = "state", prefix = "savepoints/" }
    jars        = { bucket = "artifacts", prefix = "jars/" }
    emr_logs    = { bucket = "artifacts", prefix = "emr-logs/" }
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket = "${var.name_prefix}-${each.key}-${data.aws_caller_identity.current.account_id}"

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# SSE-S3: encrypted at rest without a KMS key whose policy the job's roles would also need.
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.versioned

  bucket = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  # The file sinks and S3 clients leave multipart uploads behind when a job fails mid-upload.
  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = each.key == "state" ? [1] : []

    content {
      id     = "expire-old-checkpoints"
      status = "Enabled"

      filter {
        prefix = local.paths.checkpoints.prefix
      }

      expiration {
        days = var.checkpoint_retention_days
      }
    }
  }

  dynamic "rule" {
    for_each = contains(local.versioned, each.key) ? [1] : []

    content {
      id     = "expire-noncurrent-versions"
      status = "Enabled"

      filter {}

      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_days
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_object" "job_jar" {
  bucket = aws_s3_bucket.this["artifacts"].id
  key    = "${local.paths.jars.prefix}${basename(var.job_jar_path)}"
  source = var.job_jar_path
  etag   = filemd5(var.job_jar_path)

  tags = var.tags

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_object" "cluster_lib_jar" {
  for_each = toset(var.cluster_lib_jar_paths)

  bucket = aws_s3_bucket.this["artifacts"].id
  key    = "${local.paths.jars.prefix}lib/${basename(each.value)}"
  source = each.value
  etag   = filemd5(each.value)

  tags = var.tags
}
