variable "name_prefix" {
  description = "Prefix of every name this module creates."
  type        = string
}

variable "tags" {
  description = "Tags for every resource that takes tags."
  type        = map(string)
}

variable "service_execution_role_arn" {
  description = "The application's role (iam module)."
  type        = string
}

variable "jar_bucket_arn" {
  description = "ARN of the bucket holding the job jar."
  type        = string
}

variable "jar_key" {
  description = "Key of the job jar."
  type        = string
}

variable "jar_version" {
  description = "S3 object version of the job jar: a new version updates the application."
  type        = string
}

variable "parallelism" {
  description = "Initial parallelism of the application."
  type        = number

  validation {
    condition     = var.parallelism >= 1
    error_message = "parallelism must be at least 1."
  }
}

variable "parallelism_per_kpu" {
  description = "Parallel tasks per KPU (1 vCPU, 4 GB): 1 gives each subtask a core, as the job's one-thread-per-subtask scoring wants."
  type        = number

  validation {
    condition     = var.parallelism_per_kpu >= 1 && var.parallelism_per_kpu <= 8
    error_message = "parallelism_per_kpu must be between 1 and 8."
  }
}

variable "auto_scaling" {
  description = "Let the service change the parallelism with load (it restarts the job from a snapshot each time)."
  type        = bool
}

variable "checkpoint_interval_ms" {
  description = "Checkpoint interval; the service's setting wins over the job's, so both are set from this one value."
  type        = number

  validation {
    condition     = var.checkpoint_interval_ms >= 1000
    error_message = "checkpoint_interval_ms must be at least 1000."
  }
}

variable "log_level" {
  description = "Level of the application's CloudWatch log."
  type        = string

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the application's log."
  type        = number
}

variable "start_application" {
  description = "Start the application after creating or updating it."
  type        = bool
}

variable "vpc_subnet_ids" {
  description = "Subnets for the application's network interfaces (needed to reach a Kafka cluster in a VPC); empty: no VPC."
  type        = list(string)
}

variable "vpc_security_group_ids" {
  description = "Security groups of the application's network interfaces."
  type        = list(string)
}

variable "job_options" {
  description = "The job's options, name (without --) to value: the same list as flink run and EMR; passed as the IntentStreamJob property group."
  type        = map(string)

  # Limits of a Managed Flink property group.
  validation {
    condition     = length(var.job_options) <= 50 && alltrue([for name, value in var.job_options : length(value) >= 1 && length(value) <= 2048])
    error_message = "Managed Flink takes at most 50 properties per group, each value 1 to 2048 characters."
  }
}
