package dev.tandem.contracts.blueprint;

/** BURSTY traffic meets cold starts (new Lambda environments, new Fargate tasks); STEADY mostly does not. */
public enum TrafficPattern { BURSTY, STEADY }
