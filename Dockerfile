# Meshflow's image: the orchestrator jar with the example mesh and the governance rules.
# docker-compose.yml runs it as `serve` (HTTP API, platform worker, schedules) and as one
# `worker --domain <d>` per domain.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /meshflow
COPY --from=build /src/orchestrator/target/meshflow.jar meshflow.jar
COPY domains domains
COPY governance governance
COPY examples examples
ENV MESHFLOW_MESH=/meshflow/domains \
    MESHFLOW_GOVERNANCE=/meshflow/governance \
    MESHFLOW_HOME=/meshflow/.meshflow
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/meshflow/meshflow.jar"]
CMD ["serve"]
