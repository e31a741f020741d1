variable "region" {
  description = "AWS region of everything this configuration creates."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every name (streams, buckets, roles, cluster, application): lower case, digits and '-', 3 to 20 characters, so that bucket and role names stay within AWS's limits."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3 to 20 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'."
  }
}

variable "tags" {
  description = "Extra tags for every resource, on top of Project, ManagedBy and NamePrefix."
  type        = map(string)
  default     = {}
}

variable "runtime" {
  description = "Where the job runs: emr (an EMR cluster with Flink on YARN) or managed_flink (Amazon Managed Service for Apache Flink)."
  type        = string
  default     = "managed_flink"

  validation {
    condition     = contains(["emr", "managed_flink"], var.runtime)
    error_message = "runtime must be emr or managed_flink."
  }
}

variable "event_source" {
  description = "kinesis: create Kinesis data streams for events, scores, outcomes and dead letters; kafka: use an existing Kafka cluster such as MSK."
  type        = string
  default     = "kinesis"

  validation {
    condition     = contains(["kinesis", "kafka"], var.event_source)
    error_message = "event_source must be kinesis or kafka."
  }
}

variable "stream_mode" {
  description = "Kinesis capacity mode: ON_DEMAND or PROVISIONED."
  type        = string
  default     = "ON_DEMAND"
}

variable "shard_counts" {
  description = "Kinesis PROVISIONED mode: shards per stream."
  type        = map(number)
  default = {
    events       = 2
    scores       = 2
    outcomes     = 1
    dead_letters = 1
  }
}

variable "stream_retention_hours" {
  description = "How long Kinesis keeps records."
  type        = number
  default     = 24
}

variable "kafka_bootstrap_servers" {
  description = "kafka: TLS bootstrap servers of the cluster (MSK: bootstrap_brokers_tls)."
  type        = string
  default     = ""
}

variable "kafka_topics" {
  description = "kafka: comma-separated event topics (created outside this configuration)."
  type        = string
  default     = "clickstream"
}

variable "vpc_subnet_ids" {
  description = "managed_flink: subnets for the application's network interfaces, needed to reach Kafka in a VPC; empty: no VPC."
  type        = list(string)
  default     = []
}

variable "vpc_security_group_ids" {
  description = "managed_flink with vpc_subnet_ids: security groups allowed to reach the Kafka brokers."
  type        = list(string)
  default     = []
}

variable "job_jar_path" {
  description = "Local path of the shaded job jar, relative to this directory."
  type        = string
  default     = "../flink-job/target/intentstream-flink-job-0.1.0-SNAPSHOT.jar"
}

variable "cluster_lib_jar_paths" {
  description = "emr: local paths of xgboost4j_2.12-2.1.4.jar and commons-logging-1.3.4.jar for Flink's lib/ (docs/deployment.md); empty: XGBoost4J loads from the job jar, once per job."
  type        = list(string)
  default     = []
}

variable "model_version" {
  description = "The model bundle to score with: the job reads s3://<models bucket>/models/<model_version>/."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.model_version))
    error_message = "model_version must be a plain directory name (letters, digits, '.', '_', '-')."
  }
}

variable "parallelism" {
  description = "Job parallelism (one core per subtask: each scores on one thread)."
  type        = number
  default     = 2
}

variable "checkpoint_interval_ms" {
  description = "Checkpoint interval in milliseconds, the job's default; also how often the archive commits files and exactly-once results become visible."
  type        = number
  default     = 60000
}

variable "extra_job_options" {
  description = "More job options, name (without --) to value, as listed in docs/configuration.md; they win over the ones this configuration sets."
  type        = map(string)
  default     = {}
}

variable "checkpoint_retention_days" {
  description = "Checkpoints older than this are deleted from the state bucket."
  type        = number
  default     = 7
}

variable "noncurrent_version_days" {
  description = "Replaced model bundles and jars stay recoverable for this many days."
  type        = number
  default     = 30
}

variable "emr_release_label" {
  description = "emr: EMR release, emr-7.7.0 or later (Flink 1.20)."
  type        = string
  default     = "emr-7.7.0"
}

variable "emr_subnet_id" {
  description = "emr: subnet of the cluster, tagged for-use-with-amazon-emr-managed-policies=true."
  type        = string
  default     = ""
}

variable "emr_primary_instance_type" {
  description = "emr: instance type of the primary node."
  type        = string
  default     = "m5.xlarge"
}

variable "emr_core_instance_type" {
  description = "emr: instance type of the core nodes (TaskManagers)."
  type        = string
  default     = "m5.xlarge"
}

variable "emr_core_instance_count" {
  description = "emr: number of core nodes."
  type        = number
  default     = 2
}

variable "emr_flink_conf" {
  description = "emr: more flink-conf keys on top of flink-conf/cluster/config.yaml, e.g. taskmanager.memory.process.size."
  type        = map(string)
  default     = {}
}

variable "managed_flink_parallelism_per_kpu" {
  description = "managed_flink: parallel tasks per KPU."
  type        = number
  default     = 1
}

variable "managed_flink_auto_scaling" {
  description = "managed_flink: let the service scale the parallelism."
  type        = bool
  default     = false
}

variable "managed_flink_log_level" {
  description = "managed_flink: level of the application's CloudWatch log."
  type        = string
  default     = "INFO"
}

variable "managed_flink_log_retention_days" {
  description = "managed_flink: days CloudWatch keeps the application's log."
  type        = number
  default     = 30
}

variable "managed_flink_start" {
  description = "managed_flink: start the application after creating or updating it."
  type        = bool
  default     = true
}
