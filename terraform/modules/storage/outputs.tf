output "bucket_names" {
  description = "Bucket names by kind: archive, models, state, artifacts."
  value       = { for kind, bucket in aws_s3_bucket.this : kind => bucket.id }
}

output "job_jar_key" {
  description = "Key of the job jar in the artifacts bucket."
  value       = aws_s3_object.job_jar.key
}

output "job_jar_version" {
  description = "S3 version of the uploaded job jar: a new jar is a new version."
  value       = aws_s3_object.job_jar.version_id
}

output "cluster_lib_jar_keys" {
  description = "Keys of the lib/ jars in the artifacts bucket."
  value       = [for jar in aws_s3_object.cluster_lib_jar : jar.key]
}

output "paths" {
  description = "Each kind of data's bucket name, bucket ARN, key prefix and s3:// URI (archive, models, checkpoints, savepoints, jars, emr_logs)."
  value = {
    for kind, path in local.paths : kind => {
      bucket     = aws_s3_bucket.this[path.bucket].id
      bucket_arn = aws_s3_bucket.this[path.bucket].arn
      prefix     = path.prefix
      uri        = "s3://${aws_s3_bucket.this[path.bucket].id}/${path.prefix}"
    }
  }
}
