variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
}

variable "release_label" {
  description = "EMR release; Flink 1.20 came with emr-7.7.0."
  type        = string

  validation {
    # Terraform's && does not short-circuit: try() keeps a malformed label from failing inside regex().
    condition = try(
      tonumber(regex("^emr-(\\d+)\\.\\d+\\.\\d+$", var.release_label)[0]) > 7 ||
      (tonumber(regex("^emr-(\\d+)\\.", var.release_label)[0]) == 7 && tonumber(regex("^emr-\\d+\\.(\\d+)\\.\\d+$", var.release_label)[0]) >= 7),
      false,
    )
    error_message = "release_label must be emr-7.7.0 or later (the first EMR release with Flink 1.20)."
  }
}

variable "subnet_id" {
  description = "Subnet of the cluster, tagged for-use-with-amazon-emr-managed-policies=true, with a route to S3 and Kinesis (NAT or VPC endpoints)."
  type        = string

  validation {
    condition     = can(regex("^subnet-[0-9a-f]+$", var.subnet_id))
    error_message = "subnet_id must be a subnet id (subnet-...)."
  }
}

variable "primary_instance_type" {
  description = "Instance type of the primary node (JobManager host, YARN ResourceManager)."
  type        = string
}

variable "core_instance_type" {
  description = "Instance type of the core nodes (TaskManagers, RocksDB on their local disks)."
  type        = string
}

variable "core_instance_count" {
  description = "Number of core nodes."
  type        = number

  validation {
    condition     = var.core_instance_count >= 1
    error_message = "core_instance_count must be at least 1."
  }
}

variable "service_role_arn" {
  description = "The EMR service role (iam module)."
  type        = string
}

variable "instance_profile_arn" {
  description = "The nodes' instance profile (iam module)."
  type        = string
}

variable "log_uri" {
  description = "s3:// prefix for the cluster's logs."
  type        = string
}

variable "flink_conf_yaml" {
  description = "Contents of flink-conf/cluster/config.yaml: flat keys, turned into the flink-conf classification."
  type        = string
}

variable "flink_conf_overrides" {
  description = "More flink-conf keys, applied after config.yaml and the checkpoint directories (e.g. taskmanager.memory.process.size)."
  type        = map(string)
}

variable "checkpoint_dir" {
  description = "s3:// URI for execution.checkpointing.dir."
  type        = string
}

variable "savepoint_dir" {
  description = "s3:// URI for execution.checkpointing.savepoint-dir."
  type        = string
}

variable "job_jar_uri" {
  description = "s3:// URI of the job jar."
  type        = string
}

variable "cluster_lib_jar_uris" {
  description = "s3:// URIs of jars for Flink's lib/ (XGBoost4J and commons-logging); may be empty."
  type        = list(string)
}

variable "parallelism" {
  description = "Job parallelism (flink run -p)."
  type        = number

  validation {
    condition     = var.parallelism >= 1
    error_message = "parallelism must be at least 1."
  }
}

variable "job_options" {
  description = "The job's options, name (without --) to value: the same list as flink run and Managed Flink."
  type        = map(string)
}
