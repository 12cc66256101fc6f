import enum


def main(event, context):
    return {"statusCode": 200}
