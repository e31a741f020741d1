output "cluster_id" {
  description = "The EMR cluster id (j-...)."
  value       = aws_emr_cluster.this.id
}

output "primary_public_dns" {
  description = "The primary node's DNS name (Flink's web UI through the YARN proxy)."
  value       = aws_emr_cluster.this.master_public_dns
}

output "submit_step" {
  description = "The submit step's arguments, for aws emr add-steps when upgrading from a savepoint (add -s <savepoint> before the jar)."
  value       = local.submit_args
}
