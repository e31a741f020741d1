variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
}

variable "checkpoint_retention_days" {
  description = "Checkpoints older than this are deleted: Flink removes its own superseded ones, this catches those of cancelled or failed jobs. Savepoints are never expired."
  type        = number

  validation {
    condition     = var.checkpoint_retention_days >= 1
    error_message = "checkpoint_retention_days must be at least 1."
  }
}

variable "noncurrent_version_days" {
  description = "Overwritten or deleted model bundles and jars stay recoverable for this many days."
  type        = number

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "job_jar_path" {
  description = "Local path of the shaded job jar (mvn -B package -DskipTests) to upload."
  type        = string
}

variable "cluster_lib_jar_paths" {
  description = "Local paths of jars for Flink's lib/ on EMR (xgboost4j_2.12 and commons-logging, docs/deployment.md); may be empty."
  type        = list(string)
}
