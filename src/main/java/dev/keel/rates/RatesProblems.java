package dev.keel.rates;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The rates module's own failures that are not bad input; ahead of platform's catch-all.
 */
@RestControllerAdvice(assignableTypes = RatesController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RatesProblems {

	private static final Logger log = LoggerFactory.getLogger(RatesProblems.class);

	@ExceptionHandler
	ProblemDetail exchangeRatesUnavailable(ExchangeRatesUnavailable ex) {
		log.warn("Exchange rates unavailable: {}", ex.getMessage(), ex.getCause());
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"currency: conversion rates are unavailable right now (" + ex.getMessage() + "); nothing was stored");
	}

}
