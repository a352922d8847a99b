package io.meshflow.orchestrator.api;

import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.orchestrator.stack.StackException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps Meshflow's exceptions to HTTP statuses with an RFC 9457 problem body. */
@RestControllerAdvice
public class ApiExceptionHandler {

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(io.meshflow.orchestrator.access.AccessService.NoSuchRequestException.class)
  public ProblemDetail noSuchRequest(RuntimeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(io.meshflow.orchestrator.access.AccessService.AccessConflictException.class)
  public ProblemDetail accessConflict(RuntimeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(io.meshflow.orchestrator.access.ConsumerQuery.QueryRefusedException.class)
  public ProblemDetail queryRefused(RuntimeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(RegistrationRefusedException.class)
  ProblemDetail refused(RegistrationRefusedException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setProperty("report", e.report());
    return problem;
  }

  @ExceptionHandler(BackfillService.NoBackfillException.class)
  public ProblemDetail noBackfill(BackfillService.NoBackfillException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(JoinedConflictException.class)
  ProblemDetail joinedConflict(JoinedConflictException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(StackException.class)
  ProblemDetail unavailable(StackException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }
}
