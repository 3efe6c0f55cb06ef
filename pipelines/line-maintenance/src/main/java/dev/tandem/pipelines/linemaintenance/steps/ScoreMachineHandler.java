package dev.tandem.pipelines.linemaintenance.steps;

import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.TypedStepFunction;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** Lambda handler of the {@code ScoreMachine} step. */
public class ScoreMachineHandler extends TypedStepFunction<StepResults.MachineItem, StepResults.Scored> {

    @Inject
    ScoreMachine scoreMachine;

    public ScoreMachineHandler() {
        super(StepResults.MachineItem.class);
    }

    public ScoreMachineHandler(ApplicationContext context) {
        super(StepResults.MachineItem.class, context);
    }

    @Override
    protected String step() {
        return "ScoreMachine";
    }

    @Override
    protected StepResults.Scored handle(StepResults.MachineItem input, StepContext context) {
        return scoreMachine.run(input, context);
    }
}
