// CLI target
