package dev.tandem.contracts.blueprint;

/**
 * How much a step's outcome matters to governance. CRITICAL steps make or enforce policy decisions
 * and must run where state is durable and every action is audited: the agent.
 */
public enum GovernanceLevel { LOW, HIGH, CRITICAL }
