output "emr_service_role_arn" {
  description = "emr: the EMR service role."
  value       = try(aws_iam_role.emr_service[0].arn, null)
}

output "emr_instance_profile_arn" {
  description = "emr: the instance profile of the cluster's nodes (the job's role there)."
  value       = try(aws_iam_instance_profile.emr_nodes[0].arn, null)
}

output "managed_flink_role_arn" {
  description = "managed_flink: the application's service execution role."
  value       = try(aws_iam_role.managed_flink[0].arn, null)
}
